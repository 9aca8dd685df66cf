# One way to write a day for applicants, whatever the reader's habit: "5 Jan 2027"
# (core.dates.day writes the same in Python). Django's own English formats would say
# "Jan. 5, 2027".
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
# Date boxes are <input type="date"> (ISO on the wire); a typed day also works.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d %b %Y", "%d %B %Y"]
