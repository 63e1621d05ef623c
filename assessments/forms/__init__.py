"""The product pages' forms: they read what people type; the services decide what is allowed."""
