"""Repair and help requests (报事报修, 求助, 微心愿): the request, its append-only timeline,
photos and followers, the compound's categories with their routing, service levels, what is
done around a request and the figures kept beside them."""

from requests.models.figures import Satisfaction, StreetFigures
from requests.models.request import (
    BOARD,
    BOARD_OUTCOMES,
    USER,
    Follower,
    Request,
    RequestEvent,
    RequestPhoto,
    photo_path,
)
from requests.models.routing import Category, Route, ServiceLevel
from requests.models.service import ReturnVisit, ServiceRecord, Whistle

__all__ = [
    "BOARD",
    "BOARD_OUTCOMES",
    "USER",
    "Category",
    "Follower",
    "Request",
    "RequestEvent",
    "RequestPhoto",
    "ReturnVisit",
    "Route",
    "Satisfaction",
    "ServiceLevel",
    "ServiceRecord",
    "StreetFigures",
    "Whistle",
    "photo_path",
]
