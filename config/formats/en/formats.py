"""The English interface of a German town's platform: dates and times are typed and shown the
German way (24.12.2026, 18:30).

The form hints say TT.MM.JJJJ (DD.MM.YYYY) and HH:MM in both languages, so an English reader
types what a German one does; Django adds the ISO formats to these input formats.
"""

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y"]

# Shown the way they are typed: 24.12.2026, 18:30 (24 hours), never "Dec. 24, 2026, 6:30 p.m.".
DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
