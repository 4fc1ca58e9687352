from compounds.queries import standing_of

SESSION_KEY = "current_compound_id"


def current_place(request) -> dict:
    """The user's standing and current compound, computed once per request (lazily cached)."""
    if not request.user.is_authenticated:
        return {}
    standing = getattr(request, "_standing", None)
    if standing is None:
        standing = request._standing = standing_of(request.user)
    compounds = standing.compounds
    wanted = request.session.get(SESSION_KEY)
    current = next((c for c in compounds if c.pk == wanted), compounds[0] if compounds else None)
    return {"standing": standing, "my_compounds": compounds, "current_compound": current}
