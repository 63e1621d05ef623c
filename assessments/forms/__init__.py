"""Forms of the product pages."""
