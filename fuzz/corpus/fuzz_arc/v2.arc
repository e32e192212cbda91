filedesc://x.arc 0.0.0.0 20240101000000 text/plain 122
2 0 InternetArchive
URL IP-address Archive-date Content-type Result-code Checksum Location Offset Filename Archive-length

http://a.example/ 1.2.3.4 20240101000000 text/html 200 - - 0 x.arc 94
HTTP/1.0 200 OK
Content-Type: text/html

<html><body><p>A version 2 page.</p></body></html>
