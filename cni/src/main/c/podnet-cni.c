/*
 * podnet-cni: the CNI plugin executable, as a thin client. A runtime execs it once per CNI call
 * with the CNI_* environment and the network config on stdin; it hands both to the node's podnet
 * agent over a unix socket and prints the agent's reply with its exit code. All the work (veth,
 * IPAM, bridge) happens in the agent.
 *
 * Why C: a JVM costs ~100 ms to start on a small machine, which was almost all of an ADD. This
 * program speaks exactly what dev.podnet.cni.PluginMain (the reference implementation) speaks, and
 * the tests run both and compare their stdout:
 *   - wire format (cni/Wire.java): one connection per call; the request is one flat JSON object
 *     of strings {command, containerId, netns, ifname, args, path, config}, then a half-close;
 *     the reply is {"exitCode": N, "stdout": "..."} until the agent closes;
 *   - VERSION is answered here, without an agent (runtimes probe it before any agent is up);
 *   - the socket is the network config's "socket" key, default /run/podnet/cni.sock;
 *   - local failures are CNI error objects on stdout with the spec's codes: 4 bad environment,
 *     5 I/O, 6 undecodable JSON, 7 invalid config, 11 agent unreachable (50 for STATUS).
 *
 * Input is untrusted: stdin is parsed by a scanner with a nesting limit (deep input cannot
 * exhaust the stack), stdin and the reply are capped at 64 MiB, and no path ends in a crash or a
 * hang (the tests fuzz it).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define DEFAULT_SOCKET "/run/podnet/cni.sock"
#define LATEST "1.1.0"
#define SUPPORTED_JSON "[\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]"
#define SUPPORTED_TEXT "0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0"
#define MAX_INPUT (64u << 20) /* stdin and the agent's reply: far beyond any real config */
#define MAX_DEPTH 256         /* nesting the scanner follows; deeper is a decode error */

/* ---- growable byte buffer ---- */

struct buf {
  char *p;
  size_t n, cap;
};

static void die_oom(void) {
  static const char msg[] = "{\"cniVersion\":\"" LATEST "\",\"code\":5,\"msg\":\"podnet-cni: out of memory\"}";
  if (write(1, msg, sizeof msg - 1) < 0) {
    _exit(1);
  }
  _exit(1);
}

static void put(struct buf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + n + 1) {
      cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) {
      die_oom();
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}

static void puts_(struct buf *b, const char *s) { put(b, s, strlen(s)); }

static void putf(struct buf *b, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  put(b, tmp, n < 0 ? 0 : (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A JSON string literal, escaping as JsonText.quote does (so both plugins print the same bytes). */
static void quote(struct buf *b, const char *s, size_t n) {
  put(b, "\"", 1);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
      case '"': puts_(b, "\\\""); break;
      case '\\': puts_(b, "\\\\"); break;
      case '\n': puts_(b, "\\n"); break;
      case '\r': puts_(b, "\\r"); break;
      case '\t': puts_(b, "\\t"); break;
      default:
        if (c < 0x20) {
          putf(b, "\\u%04x", c);
        } else {
          put(b, (const char *)&c, 1);
        }
    }
  }
  put(b, "\"", 1);
}

/* ---- JSON scanner: validates like JsonText and keeps the spans of wanted top-level members ---- */

struct span {
  const char *at; /* NULL: absent */
  size_t len;
};

struct json {
  const char *s;
  size_t n, i;
  int depth;
  char err[160]; /* JsonText's message for the first error, with its offset */
};

static int fail_at(struct json *j, const char *why) {
  snprintf(j->err, sizeof j->err, "%s at offset %zu", why, j->i);
  return 0;
}

static void space(struct json *j) {
  /* Character.isWhitespace for ASCII: \t \n \v \f \r, 0x1c-0x1f and the space */
  while (j->i < j->n && (j->s[j->i] == ' ' || (j->s[j->i] >= 0x09 && j->s[j->i] <= 0x0d) || (j->s[j->i] >= 0x1c && j->s[j->i] <= 0x1f))) {
    j->i++;
  }
}

static char peek(struct json *j) {
  space(j);
  return j->i < j->n ? j->s[j->i] : '\0';
}

/* Four characters as Integer.parseInt(s, 16) reads them (a leading sign included), as a UTF-16 unit. */
static int hex4(const char *p, unsigned *out) {
  int v = 0;
  int k = p[0] == '+' || p[0] == '-' ? 1 : 0;
  for (; k < 4; k++) {
    int c = (unsigned char)p[k];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= c - '0';
    else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
    else return 0;
  }
  *out = (unsigned)(p[0] == '-' ? -v : v) & 0xffff;
  return 1;
}

/* A string starting at j->i ('"'); its decoded bytes go to out when given. */
static int string(struct json *j, struct buf *out) {
  j->i++;
  while (j->i < j->n) {
    char c = j->s[j->i++];
    if (c == '"') {
      return 1;
    }
    if (c != '\\') {
      if (out) put(out, &c, 1);
      continue;
    }
    if (j->i >= j->n) {
      break;
    }
    char e = j->s[j->i++];
    const char *lit = e == 'n' ? "\n" : e == 't' ? "\t" : e == 'r' ? "\r" : e == 'b' ? "\b" : e == 'f' ? "\f" : NULL;
    if (e != 'u') {
      if (out) put(out, lit ? lit : &e, 1);
      continue;
    }
    unsigned u;
    if (j->i + 4 > j->n) {
      return fail_at(j, "short \\u escape");
    }
    if (!hex4(j->s + j->i, &u)) {
      snprintf(j->err, sizeof j->err, "For input string: \"%.4s\" under radix 16", j->s + j->i);
      return 0;
    }
    j->i += 4;
    unsigned lo;
    if (u >= 0xd800 && u < 0xdc00 && j->i + 6 <= j->n && j->s[j->i] == '\\' && j->s[j->i + 1] == 'u'
        && hex4(j->s + j->i + 2, &lo) && lo >= 0xdc00 && lo < 0xe000) {
      u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
      j->i += 6;
    }
    if (!out) continue;
    char utf8[4];
    if (u < 0x80) { utf8[0] = (char)u; put(out, utf8, 1); }
    else if (u < 0x800) { utf8[0] = (char)(0xc0 | u >> 6); utf8[1] = (char)(0x80 | (u & 0x3f)); put(out, utf8, 2); }
    else if (u >= 0xd800 && u < 0xe000) { put(out, "?", 1); /* a lone surrogate, as Java's encoder prints it */ }
    else if (u < 0x10000) {
      utf8[0] = (char)(0xe0 | u >> 12); utf8[1] = (char)(0x80 | ((u >> 6) & 0x3f)); utf8[2] = (char)(0x80 | (u & 0x3f));
      put(out, utf8, 3);
    } else {
      utf8[0] = (char)(0xf0 | u >> 18); utf8[1] = (char)(0x80 | ((u >> 12) & 0x3f));
      utf8[2] = (char)(0x80 | ((u >> 6) & 0x3f)); utf8[3] = (char)(0x80 | (u & 0x3f));
      put(out, utf8, 4);
    }
  }
  return fail_at(j, "unterminated string");
}

/* A number as JsonText reads one: the longest run of number characters, which strtod must take whole. */
static int number(struct json *j) {
  size_t start = j->i;
  while (j->i < j->n && j->s[j->i] && strchr("+-0123456789.eE", j->s[j->i])) {
    j->i++;
  }
  size_t len = j->i - start;
  int ok = 0;
  char *tmp = len > 0 ? strndup(j->s + start, len) : NULL;
  if (tmp) {
    char *end;
    (void)strtod(tmp, &end);
    ok = *end == '\0';
    free(tmp);
  }
  if (!ok) {
    j->i = start;
    char why[80];
    snprintf(why, sizeof why, "invalid character '%c' looking for beginning of value", start < j->n ? j->s[start] : ' ');
    return fail_at(j, why);
  }
  return 1;
}

static int value(struct json *j);

static int literal(struct json *j, const char *word) {
  size_t len = strlen(word);
  if (j->n - j->i < len || memcmp(j->s + j->i, word, len) != 0) {
    return fail_at(j, "invalid literal");
  }
  j->i += len;
  return 1;
}

static int next(struct json *j, char more, char end, char *got) {
  char c = peek(j);
  if (c != more && c != end) {
    char why[32];
    snprintf(why, sizeof why, "expected '%c' or '%c'", more, end);
    return fail_at(j, why);
  }
  j->i++;
  *got = c;
  return 1;
}

/* Members of an object at j->i ('{'); at the top level (wanted != NULL) records the spans of keys. */
static int members(struct json *j, const char *const *keys, struct span *wanted) {
  j->i++;
  if (peek(j) == '}') {
    j->i++;
    return 1;
  }
  for (;;) {
    if (peek(j) != '"') {
      return fail_at(j, "expected a member name");
    }
    struct buf key = {0};
    if (!string(j, &key)) {
      free(key.p);
      return 0;
    }
    if (peek(j) != ':') {
      free(key.p);
      return fail_at(j, "expected ':'");
    }
    j->i++;
    space(j);
    size_t start = j->i;
    int ok = value(j);
    for (int k = 0; ok && keys && keys[k]; k++) {
      if (key.p && strlen(key.p) == key.n && strcmp(key.p, keys[k]) == 0) {
        wanted[k].at = j->s + start; /* a repeated key: the last one counts, as in a map */
        wanted[k].len = j->i - start;
      }
    }
    free(key.p);
    char c;
    if (!ok || !next(j, ',', '}', &c)) {
      return 0;
    }
    if (c == '}') {
      return 1;
    }
  }
}

static int elements(struct json *j) {
  j->i++;
  if (peek(j) == ']') {
    j->i++;
    return 1;
  }
  for (;;) {
    char c;
    if (!value(j) || !next(j, ',', ']', &c)) {
      return 0;
    }
    if (c == ']') {
      return 1;
    }
  }
}

static int value(struct json *j) {
  space(j);
  if (j->i >= j->n) {
    return fail_at(j, "unexpected end of input");
  }
  switch (j->s[j->i]) {
    case '{':
    case '[': {
      if (++j->depth > MAX_DEPTH) {
        return fail_at(j, "nesting too deep");
      }
      int ok = j->s[j->i] == '{' ? members(j, NULL, NULL) : elements(j);
      j->depth--;
      return ok;
    }
    case '"': return string(j, NULL);
    case 't': return literal(j, "true");
    case 'f': return literal(j, "false");
    case 'n': return literal(j, "null");
    default: return number(j);
  }
}

/* Parses text as one JSON object; fills wanted[k] for keys[k] (NULL-terminated). 0 and j->err on failure. */
static int object(struct json *j, const char *text, size_t n, const char *const *keys, struct span *wanted) {
  memset(j, 0, sizeof *j);
  j->s = text;
  j->n = n;
  for (int k = 0; keys[k]; k++) {
    wanted[k].at = NULL;
  }
  if (peek(j) != '{') {
    if (!value(j)) {
      return 0;
    }
    space(j);
    if (j->i != n) {
      return fail_at(j, "unexpected text after the value");
    }
    snprintf(j->err, sizeof j->err, "not a JSON object");
    return 0;
  }
  if (!members(j, keys, wanted)) {
    return 0;
  }
  space(j);
  if (j->i != n) {
    return fail_at(j, "unexpected text after the value");
  }
  return 1;
}

/* The decoded string value of a span, or NULL if the span is absent or not a string. */
static char *text_of(struct span v, size_t *len) {
  if (!v.at || v.at[0] != '"') {
    return NULL;
  }
  struct json j = {.s = v.at, .n = v.len};
  struct buf out = {0};
  put(&out, "", 0);
  string(&j, &out);
  *len = out.n;
  return out.p;
}

/* ---- the plugin ---- */

static const char *reply_version = LATEST; /* the config's cniVersion if podnet speaks it */

static int finish(const char *out, size_t n, int code) {
  size_t off = 0;
  while (off < n) {
    ssize_t w = write(1, out + off, n - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    off += (size_t)w;
  }
  return code & 0xff;
}

/* The CNI error object, as CniResponse.error prints it; exit code 1. */
static int error(int code, const char *msg, const char *details) {
  struct buf b = {0};
  puts_(&b, "{\"cniVersion\":");
  quote(&b, reply_version, strlen(reply_version));
  putf(&b, ",\"code\":%d,\"msg\":", code);
  quote(&b, msg, strlen(msg));
  if (details && *details) {
    puts_(&b, ",\"details\":");
    quote(&b, details, strlen(details));
  }
  puts_(&b, "}");
  return finish(b.p, b.n, 1);
}

static int read_all(int fd, struct buf *b) {
  char chunk[65536];
  put(b, "", 0);
  for (;;) {
    ssize_t r = read(fd, chunk, sizeof chunk);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -errno;
    if (r == 0) return 0;
    if (b->n + (size_t)r > MAX_INPUT) return -EFBIG;
    put(b, chunk, (size_t)r);
  }
}

static const char *env(const char *name) {
  const char *v = getenv(name);
  return v ? v : "";
}

static const char *const COMMANDS[] = {"ADD", "DEL", "CHECK", "GC", "STATUS", "VERSION", NULL};

/* CNI_COMMAND upper-cased into cmd, or 0 when it is none of COMMANDS. */
static int command_of(const char *given, char cmd[8]) {
  size_t n = strlen(given);
  if (n == 0 || n > 7) return 0;
  for (size_t i = 0; i <= n; i++) cmd[i] = (char)toupper((unsigned char)given[i]);
  for (int k = 0; COMMANDS[k]; k++) {
    if (strcmp(cmd, COMMANDS[k]) == 0) return 1;
  }
  return 0;
}

static int version_reply(const struct buf *in) {
  const char *v = LATEST;
  size_t vn = strlen(LATEST);
  char *given = NULL;
  struct json j;
  int blank = 1;
  for (size_t i = 0; i < in->n; i++) {
    unsigned char c = (unsigned char)in->p[i];
    blank &= c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  }
  if (!blank) {
    static const char *const keys[] = {"cniVersion", NULL};
    struct span got[1];
    if (!object(&j, in->p, in->n, keys, got)) {
      return error(6, "error unmarshalling version request", j.err);
    }
    size_t gn;
    given = text_of(got[0], &gn);
    if (given && gn > 0) {
      v = given;
      vn = gn;
    }
  }
  struct buf b = {0};
  puts_(&b, "{\"cniVersion\":");
  quote(&b, v, vn);
  puts_(&b, ",\"supportedVersions\":" SUPPORTED_JSON "}");
  free(given);
  return finish(b.p, b.n, 0);
}

/* The agent's socket from the config's "socket" key; on failure prints the error and returns NULL. */
static char *socket_of(struct span s, int *status) {
  if (!s.at || (s.len == 4 && memcmp(s.at, "null", 4) == 0)) {
    return strdup(DEFAULT_SOCKET);
  }
  size_t n;
  char *path = text_of(s, &n);
  if (!path || path[0] != '/' || strlen(path) != n) {
    struct buf d = {0};
    puts_(&d, "socket=");
    if (path) put(&d, path, n); else put(&d, s.at, s.len);
    puts_(&d, " is not an absolute path");
    *status = error(7, "invalid network config", d.p);
    free(path);
    return NULL;
  }
  return path;
}

static void field(struct buf *b, const char *name, const char *v, size_t n, int first) {
  if (!first) puts_(b, ",");
  quote(b, name, strlen(name));
  puts_(b, ":");
  quote(b, v, n);
}

/* One round trip to the agent; returns 0 with the reply in out, else a message for "no agent answers". */
static const char *call(const char *path, const struct buf *req, struct buf *out) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof addr.sun_path) {
    return "Unix domain path too long";
  }
  strcpy(addr.sun_path, path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return strerror(errno);
  int rc;
  do rc = connect(fd, (struct sockaddr *)&addr, sizeof addr); while (rc < 0 && errno == EINTR);
  if (rc < 0) {
    int e = errno;
    close(fd);
    return strerror(e);
  }
  for (size_t off = 0; off < req->n;) {
    ssize_t w = send(fd, req->p + off, req->n - off, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) {
      int e = errno;
      close(fd);
      return strerror(e);
    }
    off += (size_t)w;
  }
  shutdown(fd, SHUT_WR);
  int r = read_all(fd, out);
  close(fd);
  if (r < 0) return strerror(-r);
  if (out->n == 0) return "";
  return NULL;
}

static int unreachable(const char *cmd, const char *path, const char *why) {
  struct buf d = {0};
  if (*why) {
    putf(&d, "no podnet agent answers on %s (%s)", path, why);
  } else {
    putf(&d, "no podnet agent answers on %s (the agent at %s closed the connection without a reply)", path, path);
  }
  if (strcmp(cmd, "STATUS") == 0) {
    return error(50, "podnet agent unreachable", d.p);
  }
  if (strcmp(cmd, "DEL") == 0) {
    return error(11, "podnet agent unreachable; DEL must release the pod's address and host veth in the agent, "
        "so retry when it is back", d.p);
  }
  return error(11, "podnet agent unreachable; try again later", d.p);
}

/* Prints the agent's reply and exits with its exit code. */
static int relay(const struct buf *reply) {
  static const char *const keys[] = {"exitCode", "stdout", NULL};
  struct span got[2];
  struct json j;
  if (!object(&j, reply->p, reply->n, keys, got)) {
    return error(6, "error unmarshalling the agent's reply", j.err);
  }
  /* an integer as JsonText reads one into a Long: optional '-', 1 to 18 digits */
  struct span c = got[0];
  size_t digits = c.at && c.len > 0 && c.at[0] == '-' ? 1 : 0;
  int integer = c.at && c.len > digits && c.len - digits <= 18;
  for (size_t i = digits; integer && i < c.len; i++) integer = isdigit((unsigned char)c.at[i]);
  if (!integer) {
    struct buf d = {0};
    puts_(&d, "no integer exitCode in ");
    put(&d, reply->p, reply->n);
    return error(6, "error unmarshalling the agent's reply", d.p);
  }
  long long code = strtoll(c.at, NULL, 10);
  size_t n = 0;
  char *out = text_of(got[1], &n);
  int status = finish(out ? out : "", out ? n : 0, (int)(code & 0xff));
  free(out);
  return status;
}

int main(void) {
  struct buf in = {0};
  int r = read_all(0, &in);
  if (r < 0) {
    return error(5, "read network config from stdin", strerror(-r));
  }
  static const char *const keys[] = {"cniVersion", "socket", NULL};
  struct span got[2];
  struct json j;
  int parsed = object(&j, in.p, in.n, keys, got);
  static const char *const supported[] = {"0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0", NULL};
  size_t vn;
  char *v = parsed ? text_of(got[0], &vn) : NULL;
  for (int k = 0; v && supported[k]; k++) {
    if (strcmp(v, supported[k]) == 0 && strlen(supported[k]) == vn) reply_version = supported[k];
  }
  free(v);

  if (!getenv("CNI_COMMAND")) {
    fputs("CNI podnet-cni plugin\nCNI protocol versions supported: " SUPPORTED_TEXT "\n", stderr);
  }
  const char *given = env("CNI_COMMAND");
  char cmd[8];
  if (!*given) {
    return error(4, "required env variables [CNI_COMMAND] missing", "");
  }
  if (!command_of(given, cmd)) {
    struct buf m = {0};
    puts_(&m, "unknown CNI_COMMAND '");
    puts_(&m, given);
    puts_(&m, "'");
    return error(4, m.p, "expected one of [ADD, DEL, CHECK, GC, STATUS, VERSION]");
  }
  if (strcmp(cmd, "VERSION") == 0) {
    return version_reply(&in);
  }
  if (!parsed) {
    return error(6, "error unmarshalling network config", j.err);
  }
  int status = 0;
  char *path = socket_of(got[1], &status);
  if (!path) {
    return status;
  }
  struct buf req = {0};
  puts_(&req, "{");
  field(&req, "command", cmd, strlen(cmd), 1);
  const char *names[][2] = {{"containerId", "CNI_CONTAINERID"}, {"netns", "CNI_NETNS"}, {"ifname", "CNI_IFNAME"},
      {"args", "CNI_ARGS"}, {"path", "CNI_PATH"}};
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
    field(&req, names[k][0], env(names[k][1]), strlen(env(names[k][1])), 0);
  }
  field(&req, "config", in.p, in.n, 0);
  puts_(&req, "}");
  struct buf reply = {0};
  const char *why = call(path, &req, &reply);
  if (why) {
    return unreachable(cmd, path, why);
  }
  return relay(&reply);
}
