"""Community life (issue 17): views, one module per area
(teams, zones, care, activities, roster, facilities)."""
