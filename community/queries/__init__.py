"""Community life (issue 17): queries, one module per area
(teams, zones, care, activities, roster, facilities)."""
