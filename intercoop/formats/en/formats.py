# Intercoop's English readers are worldwide: day-month-year with the month in letters reads the
# same everywhere, where Django's US default (11/26/2026) does not.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1
