var t = {"a.example": 1, "b.example": 2};
function FindProxyForURL(url, host) {
  var h = host.toLowerCase(), r = /^(\w+)\.example$/i;
  if (t[h] && r.test(h)) return `PROXY ${h}:8080`;
  switch (url.substring(0, 5)) { case "https": return "HTTPS s.example:443"; default: break; }
  for (var i = 0; i < 3; i++) { if (isPlainHostName(host)) return "DIRECT"; }
  return host.length > 10 ? "PROXY a.example:80; SOCKS5 [2001:db8::1]:1080" : "DIRECT";
}
