from compounds.standing import standing_of

SESSION_KEY = "current_compound_id"


def current_place(request) -> dict:
    """The user's standing and current compound (the standing is loaded once per request
    and shared with the permission checks)."""
    if not request.user.is_authenticated:
        return {}
    standing = standing_of(request.user)
    compounds = standing.compounds
    wanted = request.session.get(SESSION_KEY)
    current = next((c for c in compounds if c.pk == wanted), compounds[0] if compounds else None)
    return {"standing": standing, "my_compounds": compounds, "current_compound": current}
