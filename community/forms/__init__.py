"""Community life (issue 17): forms, one module per area
(teams, zones, care, activities, roster, facilities)."""
