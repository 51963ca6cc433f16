"""Regenerates tet-1900-2100.csv from two independent PyPI packages (not from MotCua's code).

    pip download --no-deps holidays==0.108 ephem==4.2.1   # then unzip the wheels onto PYTHONPATH
    python3 make-tet-table.py > tet-1900-2100.csv

holidays gives Tết and Giỗ Tổ for 1901-2100 (Vietnamese calendar, UTC+7); ephem (PyEphem, VSOP87/ELP)
recomputes Tết at UTC+7 from the rules for 1900-2100; the script stops if the two disagree.
"""
import datetime
import math
import sys

import ephem
from holidays.calendars.chinese import VIETNAMESE_CALENDAR, _ChineseLunisolar

TZ = 7 / 24.0  # Vietnam, UTC+7


def local_day(d):
    return ephem.Date(d + TZ).datetime().date()


def midnight(day):
    return ephem.Date(datetime.datetime(day.year, day.month, day.day)) - TZ


def sun_longitude(d):
    return math.degrees(ephem.Ecliptic(ephem.Sun(ephem.Date(d)), epoch=ephem.Date(d)).lon)


def month11(year):
    """First day of the lunar month that contains the winter solstice of `year`."""
    solstice_day = local_day(ephem.next_solstice(ephem.Date(f"{year}/12/1")))
    return local_day(ephem.previous_new_moon(midnight(solstice_day + datetime.timedelta(days=1))))


def tet(year):
    starts = [month11(year - 1)]
    end = month11(year)
    while starts[-1] < end:
        starts.append(local_day(ephem.next_new_moon(midnight(starts[-1]) + 1)))
    index = 2  # month 11, month 12, then month 1
    if len(starts) - 1 == 13:
        # The leap month is the first without a major solar term (a multiple of 30° of solar longitude).
        def has_major_term(i):
            a, b = sun_longitude(midnight(starts[i])), sun_longitude(midnight(starts[i + 1]))
            return int(a // 30) != int(b // 30) or b < a
        leap = next(i for i in range(1, 13) if not has_major_term(i))
        if leap <= 2:
            index = 3
    return starts[index]


table = _ChineseLunisolar(VIETNAMESE_CALENDAR)
sys.stdout.write("""# Vietnamese lunar new year (Tết, 1/1 âm lịch) and Giỗ Tổ Hùng Vương (10/3 âm lịch), 1900-2100.
# Independent of MotCua's code. Produced by make-tet-table.py (beside this file), Python 3.11, from two PyPI packages:
#  - holidays 0.108 (MIT, vacanza/holidays): holidays.calendars.chinese._ChineseLunisolar(VIETNAMESE_CALENDAR)
#    .lunar_new_year_date(y) and .hung_kings_date(y) for 1901-2100 (a published table of Chinese dates with
#    the Vietnamese UTC+7 exceptions, e.g. 1985-01-21, 2007-02-17, 2030-02-02).
#  - ephem 4.2.1 (PyEphem, libastro VSOP87/ELP ephemeris): Tết recomputed from first principles at UTC+7
#    (month 11 holds the winter solstice; leap month = first month without a major solar term) for 1900-2100.
#    It agrees with the holidays table on all 200 years 1901-2100; the 1900 row comes from it alone.
# Columns: lunar year, Gregorian date of 1/1, Gregorian date of 10/3 (empty where no independent source).
year,tet,gio_to
""")
print(f"1900,{tet(1900).isoformat()},")
for year in range(1901, 2101):
    new_year = table.lunar_new_year_date(year)[0]
    if new_year != tet(year):
        sys.exit(f"{year}: holidays says {new_year}, ephem says {tet(year)}")
    print(f"{year},{new_year.isoformat()},{table.hung_kings_date(year)[0].isoformat()}")
