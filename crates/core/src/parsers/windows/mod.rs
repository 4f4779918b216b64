//! Windows tools: `ping`, `tracert`, WinMTR "Export TEXT" and PowerShell `Test-NetConnection`.

pub mod ping;
pub mod test_netconnection;
pub mod tracert;
pub mod winmtr_text;
