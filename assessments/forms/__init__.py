"""The product pages' forms (not the admin's)."""
