//! Times of the week that blocks keep to (`spec/series-v2.md`): send windows on
//! content blocks, waits until a time of day, and whose clock they read, the
//! series' time zone or the customer's own.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// A day of the week, as files write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Day {
    pub const ALL: [Day; 7] = [
        Day::Mon,
        Day::Tue,
        Day::Wed,
        Day::Thu,
        Day::Fri,
        Day::Sat,
        Day::Sun,
    ];

    /// "Mon".
    pub fn short(self) -> &'static str {
        match self {
            Day::Mon => "Mon",
            Day::Tue => "Tue",
            Day::Wed => "Wed",
            Day::Thu => "Thu",
            Day::Fri => "Fri",
            Day::Sat => "Sat",
            Day::Sun => "Sun",
        }
    }

    pub fn of(weekday: Weekday) -> Day {
        Day::ALL[weekday.num_days_from_monday() as usize]
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of days of the week, written in files as a list in week order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(from = "Vec<Day>", into = "Vec<Day>")]
pub struct Days(u8);

impl From<Vec<Day>> for Days {
    fn from(days: Vec<Day>) -> Self {
        Days(days.into_iter().fold(0, |bits, d| bits | d.bit()))
    }
}

impl From<Days> for Vec<Day> {
    fn from(days: Days) -> Self {
        days.iter().collect()
    }
}

impl Days {
    pub const NONE: Days = Days(0);
    pub const EVERY: Days = Days(0b111_1111);
    pub const WEEKDAYS: Days = Days(0b001_1111);
    pub const WEEKEND: Days = Days(0b110_0000);

    pub fn contains(self, day: Day) -> bool {
        self.0 & day.bit() != 0
    }

    pub fn set(&mut self, day: Day, on: bool) {
        if on {
            self.0 |= day.bit();
        } else {
            self.0 &= !day.bit();
        }
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Day> {
        Day::ALL.into_iter().filter(move |d| self.contains(*d))
    }

    /// The days in short words: "Mon–Fri", "Mon, Wed, Fri", "Sat–Mon" never (the
    /// week starts on Monday), "every day".
    pub fn words(self) -> String {
        if self == Days::EVERY {
            return "every day".into();
        }
        let mut runs: Vec<(Day, Day)> = Vec::new();
        for day in self.iter() {
            match runs.last_mut() {
                Some((_, last)) if *last as u8 + 1 == day as u8 => *last = day,
                _ => runs.push((day, day)),
            }
        }
        runs.iter()
            .map(|(first, last)| match (*last as u8) - (*first as u8) {
                0 => first.short().to_string(),
                1 => format!("{}, {}", first.short(), last.short()),
                _ => format!("{}–{}", first.short(), last.short()),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The days as a sentence reads them after "on": "weekdays", "weekends",
    /// "Mon, Wed".
    pub fn phrase(self) -> String {
        match self {
            Days::WEEKDAYS => "weekdays".into(),
            Days::WEEKEND => "weekends".into(),
            other => other.words(),
        }
    }
}

/// Whose clock a time of day is read on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Clock {
    /// The series' time zone.
    #[default]
    Series,
    /// The customer's own (their `timezone` attribute; the series' zone for a
    /// customer without a valid one).
    Customer,
}

impl Clock {
    /// "customer's time", or the series' zone: "Europe/Berlin".
    pub fn words(self, series_zone: &str) -> String {
        match self {
            Clock::Series => series_zone.to_string(),
            Clock::Customer => "customer's time".into(),
        }
    }
}

/// When a content block may send: days of the week and the hours from–to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SendWindow {
    pub days: Days,
    pub from: NaiveTime,
    pub to: NaiveTime,
    pub clock: Clock,
}

impl Default for SendWindow {
    /// Working hours: Mon–Fri 9:00–17:00 in the customer's time.
    fn default() -> Self {
        SendWindow {
            days: Days::WEEKDAYS,
            from: at(9, 0),
            to: at(17, 0),
            clock: Clock::Customer,
        }
    }
}

impl SendWindow {
    /// Whether it can ever open: a day chosen, and hours that end after they start.
    pub fn is_open_sometimes(&self) -> bool {
        !self.days.is_empty() && self.from < self.to
    }

    /// When it is open on a calendar day of `zone`, in UTC: `[open, close)`;
    /// `None` on a day it does not open.
    pub fn on_day(&self, zone: Tz, day: NaiveDate) -> Option<(NaiveDateTime, NaiveDateTime)> {
        let open = self.is_open_sometimes() && self.days.contains(Day::of(day.weekday()));
        open.then(|| {
            (
                to_utc(zone, day.and_time(self.from)),
                to_utc(zone, day.and_time(self.to)),
            )
        })
    }

    /// Whether it is open at a moment (UTC).
    pub fn is_open_at(&self, zone: Tz, t: NaiveDateTime) -> bool {
        self.on_day(zone, local_day(zone, t))
            .is_some_and(|(open, close)| open <= t && t < close)
    }

    /// The first time it is open in `[t, before)`, as `[open, close)` clipped to
    /// that span; `None` if it does not open in time.
    pub fn next_open(
        &self,
        zone: Tz,
        t: NaiveDateTime,
        before: NaiveDateTime,
    ) -> Option<(NaiveDateTime, NaiveDateTime)> {
        self.opens(zone, t, before).next()
    }

    /// Every time it is open in `[t, before)`, in order, clipped to that span.
    pub fn opens(
        &self,
        zone: Tz,
        t: NaiveDateTime,
        before: NaiveDateTime,
    ) -> impl Iterator<Item = (NaiveDateTime, NaiveDateTime)> + '_ {
        let first = local_day(zone, t);
        first
            .iter_days()
            .take_while(move |day| {
                // A day that starts after `before` (a day ahead, for safety) opens too late.
                to_utc(zone, day.and_time(NaiveTime::MIN)) < before + chrono::Duration::days(1)
            })
            .filter_map(move |day| self.on_day(zone, day))
            .map(move |(open, close)| (open.max(t), close.min(before)))
            .filter(|(open, close)| open < close)
    }

    /// "Mon–Fri 9:00–17:00, customer's time".
    pub fn words(&self, series_zone: &str) -> String {
        format!(
            "{} {}–{}, {}",
            self.days.words(),
            clock_time(self.from),
            clock_time(self.to),
            self.clock.words(series_zone)
        )
    }
}

/// A wait until the next time of day, on chosen days (all, if none are chosen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TimeOfDay {
    pub at: NaiveTime,
    pub days: Days,
    pub clock: Clock,
}

impl Default for TimeOfDay {
    /// 9:00 on the next weekday, in the customer's time.
    fn default() -> Self {
        TimeOfDay {
            at: at(9, 0),
            days: Days::WEEKDAYS,
            clock: Clock::Customer,
        }
    }
}

impl TimeOfDay {
    /// The days it may go on: all of them when none are chosen.
    pub fn on_days(&self) -> Days {
        if self.days.is_empty() {
            Days::EVERY
        } else {
            self.days
        }
    }

    /// When the wait ends for a path that arrives at `t` (UTC): the first of its
    /// times of day at or after `t` (arriving exactly then, it goes on at once).
    pub fn next_after(&self, zone: Tz, t: NaiveDateTime) -> NaiveDateTime {
        let days = self.on_days();
        local_day(zone, t)
            .iter_days()
            .take(9)
            .filter(|day| days.contains(Day::of(day.weekday())))
            .map(|day| to_utc(zone, day.and_time(self.at)))
            .find(|at| *at >= t)
            .unwrap_or(t)
    }

    /// "Until 9:00 on weekdays (customer's time)".
    pub fn words(&self, series_zone: &str) -> String {
        let days = match self.on_days() {
            Days::EVERY => String::new(),
            days => format!(" on {}", days.phrase()),
        };
        format!(
            "Until {}{days} ({})",
            clock_time(self.at),
            self.clock.words(series_zone)
        )
    }
}

/// "9:00", "17:30".
pub fn clock_time(t: NaiveTime) -> String {
    format!("{}:{:02}", t.hour(), t.minute())
}

fn at(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default()
}

/// The series' time zone when none is set: UTC, as version-1 files meant.
pub const DEFAULT_TIME_ZONE: &str = "UTC";

/// The IANA time zone of a name, as `Europe/Berlin` is written; `None` for a name
/// that is not one.
pub fn time_zone(name: &str) -> Option<Tz> {
    name.parse().ok()
}

/// The series' time zone; UTC for a name that is none (files are checked on
/// loading, so only a series built in code can have one).
pub fn series_zone(name: &str) -> Tz {
    time_zone(name).unwrap_or(chrono_tz::UTC)
}

/// The calendar day in `zone` of a moment (UTC).
pub fn local_day(zone: Tz, t: NaiveDateTime) -> NaiveDate {
    zone.from_utc_datetime(&t).date_naive()
}

/// A wall-clock time in a zone, in UTC, as a person expects on the days the
/// clocks change: a time the clock skips moves to the first minute after the
/// gap; a time that happens twice is the first of the two.
pub fn to_utc(zone: Tz, local: NaiveDateTime) -> NaiveDateTime {
    if let Some(t) = zone.from_local_datetime(&local).earliest() {
        return t.naive_utc();
    }
    // In a gap (never longer than a few hours): the first minute that exists.
    let mut t = local;
    for _ in 0..24 * 60 {
        t += chrono::Duration::minutes(1);
        if let Some(found) = zone.from_local_datetime(&t).earliest() {
            return found.naive_utc();
        }
    }
    local
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_as_words() {
        assert_eq!(Days::WEEKDAYS.words(), "Mon–Fri");
        assert_eq!(Days::EVERY.words(), "every day");
        assert_eq!(Days::WEEKEND.phrase(), "weekends");
        let mut days = Days::NONE;
        for d in [Day::Mon, Day::Wed, Day::Thu, Day::Sun] {
            days.set(d, true);
        }
        assert_eq!(days.words(), "Mon, Wed, Thu, Sun");
        days.set(Day::Tue, true);
        assert_eq!(days.words(), "Mon–Thu, Sun");
    }

    #[test]
    fn windows_and_times_read_as_the_spec_writes_them() {
        assert_eq!(
            SendWindow::default().words("UTC"),
            "Mon–Fri 9:00–17:00, customer's time"
        );
        assert_eq!(
            TimeOfDay::default().words("UTC"),
            "Until 9:00 on weekdays (customer's time)"
        );
        let daily = TimeOfDay {
            days: Days::NONE,
            clock: Clock::Series,
            ..TimeOfDay::default()
        };
        assert_eq!(daily.words("Europe/Berlin"), "Until 9:00 (Europe/Berlin)");
    }

    #[test]
    fn clock_changes_keep_wall_clock_times_as_a_person_expects() {
        let berlin = time_zone("Europe/Berlin").unwrap();
        let local = |d: u32, m: u32, h: u32, min: u32| {
            chrono::NaiveDate::from_ymd_opt(2026, m, d)
                .unwrap()
                .and_hms_opt(h, min, 0)
                .unwrap()
        };
        // Winter: UTC+1; summer: UTC+2.
        assert_eq!(to_utc(berlin, local(28, 3, 9, 0)), local(28, 3, 8, 0));
        assert_eq!(to_utc(berlin, local(29, 3, 9, 0)), local(29, 3, 7, 0));
        // 02:30 on 29 March does not exist: the first minute after the gap, 03:00 (01:00 UTC).
        assert_eq!(to_utc(berlin, local(29, 3, 2, 30)), local(29, 3, 1, 0));
        // 02:30 on 25 October happens twice: the first, still summer time (00:30 UTC).
        assert_eq!(to_utc(berlin, local(25, 10, 2, 30)), local(25, 10, 0, 30));
    }

    fn utc(m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn a_wait_until_nine_keeps_nine_oclock_across_the_clock_change() {
        let berlin = time_zone("Europe/Berlin").unwrap();
        let nine = TimeOfDay {
            days: Days::NONE,
            clock: Clock::Series,
            ..TimeOfDay::default()
        };
        // Saturday 28 March 10:00 Berlin (09:00 UTC): the next 9:00 is Sunday,
        // after the clocks went forward: 07:00 UTC.
        assert_eq!(nine.next_after(berlin, utc(3, 28, 9, 0)), utc(3, 29, 7, 0));
        // Arriving exactly at 9:00 goes on at once.
        assert_eq!(nine.next_after(berlin, utc(3, 29, 7, 0)), utc(3, 29, 7, 0));
        // On weekdays only: from Friday evening to Monday.
        assert_eq!(
            TimeOfDay::default().next_after(berlin, utc(3, 27, 18, 0)),
            utc(3, 30, 7, 0)
        );
    }

    #[test]
    fn a_send_window_opens_on_local_hours_across_the_clock_change() {
        let ny = time_zone("America/New_York").unwrap();
        let window = SendWindow {
            days: Days::EVERY,
            clock: Clock::Series,
            ..SendWindow::default()
        };
        // New York goes to summer time on 8 March 2026: 9:00 is 14:00 UTC before, 13:00 after.
        // From Saturday 18:00 (23:00 UTC) the window opens on Sunday at 9:00 local.
        assert_eq!(
            window.next_open(ny, utc(3, 7, 23, 0), utc(3, 10, 0, 0)),
            Some((utc(3, 8, 13, 0), utc(3, 8, 21, 0)))
        );
        assert!(window.is_open_at(ny, utc(3, 7, 14, 0)));
        assert!(!window.is_open_at(ny, utc(3, 8, 12, 30)));
        assert!(window.is_open_at(ny, utc(3, 8, 13, 0)));
        // Clipped to the span asked about, and none when it does not open in time.
        assert_eq!(
            window.next_open(ny, utc(3, 9, 15, 0), utc(3, 9, 16, 0)),
            Some((utc(3, 9, 15, 0), utc(3, 9, 16, 0)))
        );
        assert_eq!(
            window.next_open(ny, utc(3, 9, 22, 0), utc(3, 10, 12, 0)),
            None
        );
        let closed = SendWindow {
            days: Days::NONE,
            ..window
        };
        assert_eq!(closed.next_open(ny, utc(3, 9, 0, 0), utc(4, 9, 0, 0)), None);
    }

    #[test]
    fn time_zones_are_iana_names() {
        assert!(time_zone("Europe/Berlin").is_some());
        assert!(time_zone("UTC").is_some());
        assert!(time_zone("Europe/Berln").is_none());
        assert!(time_zone("").is_none());
    }
}
