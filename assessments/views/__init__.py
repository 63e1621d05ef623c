"""The product's pages (not the admin). Every view resolves its objects through `assessments.access`."""
