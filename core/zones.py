"""Time zones the product names (plain Python, so the pure engines can import it)."""

# Every ECFMG and NRMP deadline is stated in US Eastern time; it is the product's day too.
EASTERN = "America/New_York"
# The zone where each day begins first (UTC+14, Kiribati's Line Islands).
EARLIEST = "Pacific/Kiritimati"
