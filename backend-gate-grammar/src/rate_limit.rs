//! `rate_limit = "<N>/<unit>"`.

use std::fmt;

/// The period a rate limit counts over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RateUnit {
    /// `sec` or `second`.
    Second,
    /// `min` or `minute`.
    Minute,
    /// `hour`.
    Hour,
    /// `day`.
    Day,
}

impl RateUnit {
    /// The accepted spellings: the short form first (the one [`RateLimit`] displays).
    pub const SPELLINGS: &'static [(&'static str, RateUnit)] = &[
        ("sec", RateUnit::Second),
        ("second", RateUnit::Second),
        ("min", RateUnit::Minute),
        ("minute", RateUnit::Minute),
        ("hour", RateUnit::Hour),
        ("day", RateUnit::Day),
    ];

    /// Length of the period in seconds.
    pub fn seconds(self) -> u64 {
        match self {
            RateUnit::Second => 1,
            RateUnit::Minute => 60,
            RateUnit::Hour => 3_600,
            RateUnit::Day => 86_400,
        }
    }

    /// Short name (`min`).
    pub fn as_str(self) -> &'static str {
        match self {
            RateUnit::Second => "sec",
            RateUnit::Minute => "min",
            RateUnit::Hour => "hour",
            RateUnit::Day => "day",
        }
    }
}

/// A declared rate limit: `requests` per `unit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RateLimit {
    /// How many requests (at least 1).
    pub requests: u32,
    /// Per which period.
    pub unit: RateUnit,
}

impl RateLimit {
    /// Parses `"<N>/<unit>"`: `N` a positive integer (no sign, no separators), `unit` one of
    /// `sec`/`second`, `min`/`minute`, `hour`, `day`, lower case; no spaces. The error says what
    /// is wrong, for a compile error or a finding.
    pub fn parse(text: &str) -> Result<RateLimit, String> {
        let expected = "expected `<N>/<unit>` such as \"20/min\", with a unit of \
                        sec, min, hour or day";
        let Some((count, unit)) = text.split_once('/') else {
            return Err(format!("malformed rate limit \"{text}\": {expected}"));
        };
        if count.is_empty() || !count.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "malformed rate limit \"{text}\": `{count}` is not a number of requests; {expected}"
            ));
        }
        let requests: u32 = count.parse().map_err(|_| {
            format!(
                "malformed rate limit \"{text}\": `{count}` requests is more than {}",
                u32::MAX
            )
        })?;
        if requests == 0 {
            return Err(format!(
                "malformed rate limit \"{text}\": the number of requests must be at least 1 \
                 (an endpoint nobody may call should not be routed)"
            ));
        }
        let Some(&(_, unit)) = RateUnit::SPELLINGS.iter().find(|(s, _)| *s == unit) else {
            let names: Vec<&str> = RateUnit::SPELLINGS.iter().map(|(s, _)| *s).collect();
            let hint = crate::suggest::did_you_mean(unit.trim_end_matches('s'), &names)
                .map(|s| format!("; did you mean \"{count}/{s}\"?"))
                .unwrap_or_else(|| format!("; {expected}"));
            return Err(format!(
                "malformed rate limit \"{text}\": unknown unit `{unit}`{hint}"
            ));
        };
        Ok(RateLimit { requests, unit })
    }

    /// Average requests per second allowed.
    pub fn per_second(self) -> f64 {
        f64::from(self.requests) / self.unit.seconds() as f64
    }
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.requests, self.unit.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_unit() {
        let ok = |t: &str| RateLimit::parse(t).unwrap();
        assert_eq!(
            ok("20/min"),
            RateLimit {
                requests: 20,
                unit: RateUnit::Minute
            }
        );
        assert_eq!(ok("5/sec").unit, RateUnit::Second);
        assert_eq!(ok("5/second").unit, RateUnit::Second);
        assert_eq!(ok("5/minute").unit, RateUnit::Minute);
        assert_eq!(ok("1000/hour").unit, RateUnit::Hour);
        assert_eq!(ok("1/day").unit, RateUnit::Day);
        assert_eq!(ok("5/minute").to_string(), "5/min");
        assert_eq!(ok("120/min").per_second(), 2.0);
    }

    #[test]
    fn rejects_malformed_limits() {
        let err = |t: &str| RateLimit::parse(t).unwrap_err();
        assert!(err("20").contains("expected `<N>/<unit>`"));
        assert!(err("0/min").contains("at least 1"));
        assert!(err("-1/min").contains("`-1` is not a number"));
        assert!(err("/min").contains("`` is not a number"));
        assert!(err("ten/min").contains("`ten` is not a number"));
        assert!(err("99999999999/min").contains("more than"));
        assert!(err("20/mins").contains("did you mean \"20/min\"?"));
        assert!(err("20/minutes").contains("did you mean \"20/minute\"?"));
        assert!(err("20/week").contains("unknown unit `week`"));
        assert!(err("20 / min").contains("`20 ` is not a number"));
        assert!(err("20/MIN").contains("did you mean \"20/min\"?"));
    }
}
