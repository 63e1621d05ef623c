"""The demo programme that `seed_demo` builds: Isfahan-like units, people, four cycles.

Everything here is demo data: plausible, deterministic (one fixed random seed) and
marked `is_demo` on the units it creates.
"""
