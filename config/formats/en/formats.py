"""The English interface of a German town's platform: dates and times are typed the German way.

The form hints say TT.MM.JJJJ (DD.MM.YYYY) and HH:MM in both languages, so an English reader
types what a German one does; Django adds the ISO formats to these input formats.
"""

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y"]
