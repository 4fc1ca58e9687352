"""Community life (issue 17): permissions, one module per area
(teams, zones, care, activities, roster, facilities)."""
