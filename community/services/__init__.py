"""Community life (issue 17): services, one module per area
(teams, zones, care, activities, roster, facilities)."""
