//! Cisco ASA command outputs, one module per command.
