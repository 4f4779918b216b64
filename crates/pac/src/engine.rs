//! The boa `Context`: deterministic clock and time zone, runtime limits, helpers, and the
//! compiled PAC.

use std::path::Path;
use std::rc::Rc;

use boa_engine::context::time::JsInstant;
use boa_engine::context::{Clock, HostHooks};
use boa_engine::realm::Realm;
use boa_engine::{Context, JsError, JsNativeError, JsResult, JsString, Source};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::error::PacError;
use crate::scan::tokenize;
use crate::state::Shared;
use crate::{Limits, helpers, nesting};

/// Name of the script as boa reports it in positions (`pac.js:LINE:COL`).
pub(crate) const SCRIPT_NAME: &str = "pac.js";

/// `Date.now()` and `new Date()` read the environment's time, never the system clock.
#[derive(Debug)]
struct EnvClock {
    millis: i64,
}

impl Clock for EnvClock {
    fn now(&self) -> JsInstant {
        let ms = u64::try_from(self.millis).unwrap_or(0);
        JsInstant::new(
            ms / 1000,
            u32::try_from((ms % 1000) * 1_000_000).unwrap_or(0),
        )
    }

    fn system_time_millis(&self) -> i64 {
        self.millis
    }
}

/// Local time zone for `Date`, run-time compilation guard and buffer cap.
#[derive(Debug)]
struct Hooks {
    tz: TimeZone,
    max_nesting: usize,
}

impl HostHooks for Hooks {
    fn local_timezone_offset_seconds(&self, unix_time_seconds: i64) -> i32 {
        Timestamp::from_second(unix_time_seconds).map_or(0, |ts| self.tz.to_offset(ts).seconds())
    }

    /// `eval` and `new Function` are allowed, as in browsers, but their source gets the same
    /// nesting check as the PAC itself (a deep string would overflow boa's parser).
    fn ensure_can_compile_strings(
        &self,
        _realm: Realm,
        parameters: &[JsString],
        body: &JsString,
        _direct: bool,
        context: &mut Context,
    ) -> JsResult<()> {
        let mut text = body.to_std_string_lossy();
        for p in parameters {
            text.push(',');
            text.push_str(&p.to_std_string_lossy());
        }
        if let Err(deep) = nesting::check(&text, &tokenize(&text), self.max_nesting) {
            let msg = format!(
                "code compiled at run time (eval / new Function) is {}",
                deep.describe()
            );
            if let Some(sh) = context.get_data::<Rc<Shared>>() {
                sh.rec.borrow_mut().too_deep = Some(msg.clone());
            }
            return Err(JsNativeError::syntax().with_message(msg).into());
        }
        Ok(())
    }

    fn max_buffer_size(&self, _context: &mut Context) -> u64 {
        64 * 1024 * 1024
    }
}

fn internal(e: &JsError) -> PacError {
    PacError::Runtime {
        message: format!("internal engine error: {e}"),
        pos: None,
    }
}

/// A fresh context with limits, clock, time zone and helpers; no PAC loaded yet.
pub(crate) fn new_context(shared: &Rc<Shared>, markers: bool) -> Result<Context, PacError> {
    let limits: Limits = shared.limits;
    let clock = Rc::new(EnvClock {
        millis: shared.env.now.as_millisecond(),
    });
    let hooks = Rc::new(Hooks {
        tz: shared.env.tz.clone(),
        max_nesting: limits.max_nesting,
    });
    let mut ctx = Context::builder()
        .clock(clock)
        .host_hooks(hooks)
        .build()
        .map_err(|e| internal(&e))?;
    // Before any script runs: boa's loop limit is unlimited by default.
    let rl = ctx.runtime_limits_mut();
    rl.set_loop_iteration_limit(limits.loop_iterations);
    rl.set_recursion_limit(limits.recursion);
    rl.set_stack_size_limit(limits.stack_size);
    ctx.insert_data(Rc::clone(shared));
    helpers::register(&mut ctx, shared.env.client, markers).map_err(|e| internal(&e))?;
    Ok(ctx)
}

/// Runs `text` as the PAC script.
pub(crate) fn load(ctx: &mut Context, text: &str) -> JsResult<()> {
    let src = Source::from_bytes(text.as_bytes()).with_path(Path::new(SCRIPT_NAME));
    ctx.eval(src).map(|_| ())
}

/// What an exception says: message (first line, position removed) and boa's line/column
/// (code points) of the innermost PAC frame, when known.
pub(crate) fn describe(e: &JsError, ctx: &mut Context) -> (String, Option<(u32, u32)>) {
    let full = e.to_string();
    let pos = find_position(&full);
    let mut message = match e.try_native(ctx) {
        Ok(native) => native.to_string(),
        Err(_) => match e.as_opaque().and_then(boa_engine::JsValue::as_string) {
            Some(s) => format!("uncaught exception: {}", s.to_std_string_lossy()),
            None => format!("uncaught exception: {}", full.lines().next().unwrap_or("")),
        },
    };
    if let Some(cut) = message.find(&format!(" ({SCRIPT_NAME}:")) {
        message.truncate(cut);
    }
    if let Some(first) = message.lines().next() {
        message = first.to_string();
    }
    (message, pos)
}

/// The first `pac.js:LINE:COL` in an error's text.
fn find_position(text: &str) -> Option<(u32, u32)> {
    let needle = format!("{SCRIPT_NAME}:");
    let mut from = 0;
    while let Some(rel) = text.get(from..).and_then(|s| s.find(&needle)) {
        let start = from + rel + needle.len();
        let rest = text.get(start..).unwrap_or("");
        let mut nums = rest.splitn(3, |c: char| !c.is_ascii_digit());
        if let (Some(l), Some(c)) = (nums.next(), nums.next())
            && let (Ok(l), Ok(c)) = (l.parse::<u32>(), c.parse::<u32>())
        {
            return Some((l, c));
        }
        from = start;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_found_in_error_text() {
        assert_eq!(
            find_position("TypeError: x (pac.js:3:15)\n at f (pac.js:9:1)"),
            Some((3, 15))
        );
        assert_eq!(find_position("nothing here"), None);
        assert_eq!(find_position("pac.js:x pac.js:4:2"), Some((4, 2)));
    }
}
