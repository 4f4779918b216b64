function FindProxyForURL(url, host) {
  if (dnsDomainIs(host, "${CORP_DOMAIN}") || shExpMatch(host, "*.${CORP_DOMAIN}"))
    return "DIRECT";
  if (isInNet(dnsResolve(host), "${NET}", "255.255.0.0")) return "DIRECT";
  return "PROXY ${GATEWAY}:${PORT}; PROXY ${SECONDARY_GATEWAY}:${PORT}; DIRECT";
}
