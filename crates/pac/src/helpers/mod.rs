//! The PAC helper functions, implemented natively in Rust.
//!
//! Each helper is a pure Rust function (unit-tested on its own) plus a thin boa wrapper that
//! converts arguments with JavaScript `ToString`/`ToNumber`, reads the environment from the
//! context and records DNS lookups and alerts. A missing argument makes a helper return
//! `false` (or `null` for `dnsResolve`) instead of throwing; nothing here panics.

pub(crate) mod dns;
pub(crate) mod ex;
pub(crate) mod host;
pub(crate) mod net;
pub(crate) mod shexp;
pub(crate) mod time;

use boa_engine::native_function::NativeFunctionPointer;
use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsResult, JsString, JsValue, NativeFunction, js_string};
use netdiag_core::pac::ClientProfile;

use crate::instrument::{MARK, TICK};
use crate::state::{shared, tick};

/// Name, declared argument count, function.
type Entry = (&'static str, usize, NativeFunctionPointer);

/// Helpers every client defines (Netscape's set, plus `convert_addr` which the browsers'
/// JavaScript helper library leaves visible as a global).
const STANDARD: &[Entry] = &[
    ("isPlainHostName", 1, host::is_plain_host_name_js),
    ("dnsDomainIs", 2, host::dns_domain_is_js),
    ("localHostOrDomainIs", 2, host::local_host_or_domain_is_js),
    ("dnsDomainLevels", 1, host::dns_domain_levels_js),
    ("alert", 1, host::alert_js),
    ("isResolvable", 1, dns::is_resolvable_js),
    ("dnsResolve", 1, dns::dns_resolve_js),
    ("myIpAddress", 0, dns::my_ip_address_js),
    ("isInNet", 3, net::is_in_net_js),
    ("convert_addr", 1, net::convert_addr_js),
    ("weekdayRange", 1, time::weekday_range_js),
    ("dateRange", 1, time::date_range_js),
    ("timeRange", 1, time::time_range_js),
];

/// Microsoft's IPv6 extensions (Chromium and WinHTTP define them; Firefox does not).
const MICROSOFT_EX: &[Entry] = &[
    ("isResolvableEx", 1, ex::is_resolvable_ex_js),
    ("dnsResolveEx", 1, ex::dns_resolve_ex_js),
    ("myIpAddressEx", 0, ex::my_ip_address_ex_js),
    ("isInNetEx", 2, ex::is_in_net_ex_js),
    ("sortIpAddressList", 1, ex::sort_ip_address_list_js),
    ("getClientVersion", 0, ex::get_client_version_js),
];

/// Registers the helpers for `client` and, when the PAC is instrumented, the markers.
pub(crate) fn register(ctx: &mut Context, client: ClientProfile, markers: bool) -> JsResult<()> {
    let ex: &[Entry] = match client {
        ClientProfile::Firefox => &[],
        ClientProfile::Chromium | ClientProfile::Winhttp => MICROSOFT_EX,
    };
    // Chromium and Firefox run shExpMatch through a RegExp; WinHTTP matches shell expressions.
    let shexp: &[Entry] = match client {
        ClientProfile::Winhttp => &[("shExpMatch", 2, shexp::sh_exp_match_js)],
        ClientProfile::Chromium | ClientProfile::Firefox => {
            &[("shExpMatch", 2, shexp::sh_exp_match_browser_js)]
        }
    };
    for (name, len, f) in STANDARD.iter().chain(shexp).chain(ex) {
        // Writable and configurable like browsers' helpers: a PAC may define its own.
        ctx.register_global_callable(JsString::from(*name), *len, NativeFunction::from_fn_ptr(*f))?;
    }
    if !markers {
        return Ok(());
    }
    // The markers are neither writable nor configurable, so PAC code cannot replace them.
    for (name, f) in [(MARK, mark_js as NativeFunctionPointer), (TICK, tick_js)] {
        let func = FunctionObjectBuilder::new(ctx.realm(), NativeFunction::from_fn_ptr(f))
            .name(JsString::from(name))
            .length(1)
            .constructor(false)
            .build();
        ctx.global_object().define_property_or_throw(
            JsString::from(name),
            PropertyDescriptor::builder()
                .value(func)
                .writable(false)
                .enumerable(false)
                .configurable(false),
            ctx,
        )?;
    }
    Ok(())
}

/// `__nd_mark(id)`: records a `return` with the current call depth.
fn mark_js(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let id = args.first().and_then(JsValue::as_number).unwrap_or(-1.0);
    let depth = ctx.stack_trace().count();
    let sh = shared(ctx)?;
    tick(&sh)?;
    if id >= 0.0 && id.fract() == 0.0 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let id = id as usize;
        let mut rec = sh.rec.borrow_mut();
        // The shallowest return wins; among equals, the latest (it is the one that returned).
        if rec.best_mark.is_none_or(|(_, d)| depth <= d) {
            rec.best_mark = Some((id, depth));
        }
    }
    Ok(JsValue::undefined())
}

/// `__nd_tick()`: one loop iteration.
fn tick_js(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let sh = shared(ctx)?;
    tick(&sh)?;
    Ok(JsValue::from(true))
}

/// Argument `i` converted with JavaScript `ToString`; `None` when absent.
pub(crate) fn arg_string(
    args: &[JsValue],
    i: usize,
    ctx: &mut Context,
) -> JsResult<Option<String>> {
    match args.get(i) {
        None => Ok(None),
        Some(v) => {
            let s = match v.as_string() {
                Some(s) => s,
                None => v.to_string(ctx)?,
            };
            Ok(Some(s.to_std_string_lossy()))
        }
    }
}

/// All arguments converted with `ToString`.
pub(crate) fn all_strings(args: &[JsValue], ctx: &mut Context) -> JsResult<Vec<String>> {
    (0..args.len())
        .map(|i| arg_string(args, i, ctx).map(Option::unwrap_or_default))
        .collect()
}

/// A JavaScript string value.
pub(crate) fn js_str(s: &str) -> JsValue {
    JsValue::from(JsString::from(s))
}

/// `null`.
pub(crate) fn null() -> JsValue {
    JsValue::null()
}

/// The empty JavaScript string.
pub(crate) fn empty() -> JsValue {
    JsValue::from(js_string!())
}
