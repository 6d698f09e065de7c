package dev.conndoctor.rules;

/** What real servers send, byte for byte, to the requests conndoctor writes. */
final class Answers {
    private Answers() {
    }

    /** nginx serving its default static page to a WebSocket upgrade. */
    static final String NGINX_STATIC_200 = "HTTP/1.1 200 OK\r\n"
            + "Server: nginx/1.24.0 (Ubuntu)\r\n"
            + "Date: Sun, 01 Jun 2025 12:00:00 GMT\r\n"
            + "Content-Type: text/html\r\n"
            + "Content-Length: 615\r\n"
            + "Last-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
            + "Connection: keep-alive\r\n"
            + "ETag: \"65920180-267\"\r\n"
            + "Accept-Ranges: bytes\r\n"
            + "\r\n"
            + "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n"
            + "<h1>Welcome to nginx!</h1>\n</body>\n</html>\n";

    /** nginx proxying to a Workerman (5.2+) websocket listener without passing the upgrade on. */
    static final String NGINX_PROXIED_WORKERMAN_400 = "HTTP/1.1 400 Bad Request\r\n"
            + "Server: nginx/1.24.0\r\n"
            + "Date: Sun, 01 Jun 2025 12:00:00 GMT\r\n"
            + "Content-Length: 0\r\n"
            + "Connection: keep-alive\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";

    /** Workerman 5.2+ websocket listener asked in plain HTTP, directly. */
    static final String WORKERMAN_52_400 = "HTTP/1.1 400 Bad Request\r\nSec-WebSocket-Version: 13\r\n\r\n";

    /** An older Workerman websocket listener asked in plain HTTP. */
    static final String WORKERMAN_OLD_200 = "HTTP/1.1 200 WebSocket\r\nServer: workerman/3.5.31\r\n\r\n"
            + "<div style=\"text-align:center\"><h1>WebSocket</h1><hr>powered by"
            + " <a href=\"https://www.workerman.net\">workerman 3.5.31</a></div>";

    /** Workerman 4 websocket listener asked in plain HTTP. */
    static final String WORKERMAN_4_400 = "HTTP/1.1 400 Bad Request\r\n\r\n<b>400 Bad Request</b><br>"
            + "Sec-WebSocket-Key not found.<br>This is a WebSocket service and can not be accessed via HTTP.<br>"
            + "See <a href=\"http://wiki.workerman.net/Error1\">http://wiki.workerman.net/Error1</a> for detail.";

    /** A Workerman http listener answering an upgrade as an ordinary request. */
    static final String WORKERMAN_HTTP_200 = "HTTP/1.1 200 OK\r\nServer: workerman\r\nContent-Length: 11\r\n"
            + "Connection: keep-alive\r\n\r\nhello world";

    /** Workerman's websocket listener accepting the upgrade, with its reason phrase and a correct accept. */
    static final String WORKERMAN_101 = "HTTP/1.1 101 Switching Protocol\r\n"
            + "Upgrade: websocket\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + ExchangeBuilder.ACCEPT + "\r\n"
            + "\r\n";

    /** A correct 101. */
    static final String WEBSOCKET_101 = "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + ExchangeBuilder.ACCEPT + "\r\n"
            + "\r\n";

    /** A 101 whose accept was computed for another key. */
    static final String WEBSOCKET_101_WRONG_ACCEPT = "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n"
            + "\r\n";

    static final String NGINX_502 = "HTTP/1.1 502 Bad Gateway\r\n"
            + "Server: nginx/1.24.0\r\n"
            + "Content-Type: text/html\r\n"
            + "Content-Length: 157\r\n"
            + "Connection: keep-alive\r\n"
            + "\r\n"
            + "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n";

    static final String NOT_FOUND_404 = "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\n"
            + "Not Found";

    static final String FORBIDDEN_403 = "HTTP/1.1 403 Forbidden\r\nContent-Length: 16\r\n\r\nOrigin not allowed";

    static final String UNAUTHORIZED_401 = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\n\r\n";

    static final String UPGRADE_REQUIRED_426 = "HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n"
            + "Content-Length: 16\r\n\r\nUpgrade Required";

    /** nginx's page for plain HTTP sent to its ssl port. */
    static final String NGINX_PLAIN_HTTP_TO_HTTPS = "HTTP/1.1 400 Bad Request\r\n"
            + "Server: nginx/1.24.0\r\n"
            + "Content-Type: text/html\r\n"
            + "Content-Length: 255\r\n"
            + "Connection: close\r\n"
            + "\r\n"
            + "<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n"
            + "<center><h1>400 Bad Request</h1></center>\r\n"
            + "<center>The plain HTTP request was sent to HTTPS port</center>\r\n"
            + "<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n";

    static final String PLAIN_200 = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";

    /** A text-protocol listener echoing the request line of a WebSocket upgrade. */
    static final String ECHO_OF_UPGRADE = "GET /chat HTTP/1.1\r\n";

    /** A banner-first TCP gateway. */
    static final String GATEWAY_BANNER = "Hello 0123456789abcdef0123\n";

    /** A TLS server's protocol_version alert, as it answers a plain request. */
    static final byte[] TLS_ALERT = {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46};
}
