"""FilterSets shared by the pages and the API: one per listable model."""
