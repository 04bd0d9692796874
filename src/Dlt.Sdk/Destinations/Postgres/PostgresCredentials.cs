using System.Globalization;
using System.Text;
using Npgsql;

namespace DltNet.Destinations.Postgres;

/// <summary>
/// Credentials of a PostgreSQL server, as dlt's <c>PostgresCredentials</c>: host, port, database, username, password,
/// connect timeout and extra connection options. Give them as a URL (<c>postgresql://loader:secret@localhost:5432/db</c>),
/// as an Npgsql connection string (<c>Host=localhost;Username=loader;Password=secret;Database=db</c>), field by field,
/// or from dlt's configuration names (<see cref="FromEnvironment"/>).
/// The password never leaves this object except in the connection string handed to Npgsql: <see cref="ToString"/> and
/// <see cref="Displayable"/> mask it (<c>postgresql://loader:***@localhost:5432/db</c>).
/// </summary>
public sealed class PostgresCredentials
{
    /// <summary>Configuration section of the credentials (dlt's <c>destination.postgres.credentials</c>).</summary>
    public const string EnvironmentVariable = "DESTINATION__POSTGRES__CREDENTIALS";

    /// <summary>Server host name or address.</summary>
    public string? Host { get; set; }
    /// <summary>Server port (default 5432).</summary>
    public int Port { get; set; } = 5432;
    /// <summary>Database name.</summary>
    public string? Database { get; set; }
    /// <summary>Login role.</summary>
    public string? Username { get; set; }
    /// <summary>Password (secret; never shown).</summary>
    public string? Password { get; set; }
    /// <summary>Seconds to wait for a connection (dlt's <c>connect_timeout</c>, default 15).</summary>
    public int ConnectTimeout { get; set; } = 15;
    /// <summary>Extra connection options (URL query items such as <c>sslmode=require</c>, or Npgsql keywords).</summary>
    public IDictionary<string, string> Options { get; } = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Parses a URL (<c>postgresql://user:password@host:port/database?sslmode=require</c>, also <c>postgres://</c>)
    /// or an Npgsql connection string (<c>Host=...;Username=...</c>). Error messages never contain the password.
    /// </summary>
    public static PostgresCredentials Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var s = connectionString.Trim();
        if (s.Length == 0) throw new PipelineConfigException("The PostgreSQL connection string is empty.");
        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) return ParseUrl(s, scheme);
        if (s.Contains('=')) return ParseKeyValues(s);
        throw new PipelineConfigException(
            "The PostgreSQL credentials are neither a URL (postgresql://user:password@host:port/database) nor a connection string (Host=...;Username=...;Database=...).");
    }

    private static PostgresCredentials ParseUrl(string s, int schemeEnd)
    {
        var scheme = s[..schemeEnd].ToLowerInvariant();
        if (scheme is not ("postgresql" or "postgres" or "postgresql+psycopg2" or "postgresql+psycopg" or "postgresql+npgsql"))
            throw new PipelineConfigException($"The PostgreSQL credentials URL has scheme `{scheme}`; use postgresql://user:password@host:port/database.");
        var c = new PostgresCredentials();
        var rest = s[(schemeEnd + 3)..];
        string? query = null;
        var q = rest.IndexOf('?');
        if (q >= 0) { query = rest[(q + 1)..]; rest = rest[..q]; }
        var slash = rest.IndexOf('/');
        var authority = slash >= 0 ? rest[..slash] : rest;
        if (slash >= 0 && slash + 1 < rest.Length) c.Database = Decode(rest[(slash + 1)..]);
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            authority = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':');
            if (colon >= 0)
            {
                c.Username = Decode(userInfo[..colon]);
                c.Password = Decode(userInfo[(colon + 1)..]);
            }
            else c.Username = Decode(userInfo);
        }
        string host = authority;
        string? port = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            if (close < 0) throw new PipelineConfigException("The PostgreSQL credentials URL has an unterminated IPv6 host ([...]).");
            host = authority[1..close];
            if (close + 1 < authority.Length && authority[close + 1] == ':') port = authority[(close + 2)..];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            if (colon >= 0) { host = authority[..colon]; port = authority[(colon + 1)..]; }
        }
        if (host.Length > 0) c.Host = Decode(host);
        if (!string.IsNullOrEmpty(port)) c.Port = ParsePort(port, "URL");
        if (query is not null)
        {
            foreach (var item in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = item.IndexOf('=');
                var key = Decode(eq >= 0 ? item[..eq] : item);
                var value = eq >= 0 ? Decode(item[(eq + 1)..]) : "";
                c.SetOption(key, value);
            }
        }
        return c;
    }

    private static PostgresCredentials ParseKeyValues(string s)
    {
        NpgsqlConnectionStringBuilder b;
        try
        {
            b = new NpgsqlConnectionStringBuilder(s);
        }
        catch (ArgumentException)
        {
            // the builder's message may quote the value; name only what is wrong in general terms
            throw new PipelineConfigException("The PostgreSQL connection string could not be parsed: check its keywords (Host, Port, Database, Username, Password, ...) and `key=value;` syntax.");
        }
        var c = new PostgresCredentials
        {
            Host = NullIfEmpty(b.Host),
            Port = b.Port,
            Database = NullIfEmpty(b.Database),
            Username = NullIfEmpty(b.Username),
            Password = b.Password,
            ConnectTimeout = b.Timeout,
        };
        foreach (var key in b.Keys)
        {
            if (key is "Host" or "Port" or "Database" or "Username" or "Password" or "Timeout") continue;
            if (b.TryGetValue(key, out var v) && v is not null && !IsDefault(key, v))
                c.Options[key] = Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";
        }
        return c;
    }

    private static bool IsDefault(string key, object value)
    {
        var fresh = new NpgsqlConnectionStringBuilder();
        return fresh.TryGetValue(key, out var d) && Equals(d, value);
    }

    /// <summary>
    /// Reads credentials from dlt's configuration names: <c>DESTINATION__POSTGRES__CREDENTIALS</c> holding a URL or a connection
    /// string, and/or the fields <c>DESTINATION__POSTGRES__CREDENTIALS__HOST</c>, <c>__PORT</c>, <c>__DATABASE</c>, <c>__USERNAME</c>,
    /// <c>__PASSWORD</c>, <c>__CONNECT_TIMEOUT</c> (fields override the URL). As in dlt, the less specific
    /// <c>DESTINATION__CREDENTIALS</c> section is used when the postgres one has nothing.
    /// </summary>
    /// <exception cref="PipelineConfigException">when host, database or username cannot be found.</exception>
    public static PostgresCredentials FromEnvironment() => FromConfiguration(Environment.GetEnvironmentVariable);

    /// <summary>Same as <see cref="FromEnvironment"/> with any lookup of dlt's configuration names (e.g. a config file provider).</summary>
    public static PostgresCredentials FromConfiguration(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        foreach (var section in (ReadOnlySpan<string>)[EnvironmentVariable, "DESTINATION__CREDENTIALS"])
        {
            if (TryFromSection(lookup, section) is { } found) return found;
        }
        throw new PipelineConfigException(
            $"PostgreSQL credentials are missing: set {EnvironmentVariable} to a URL (postgresql://user:password@host:5432/database), " +
            $"or {EnvironmentVariable}__HOST, __DATABASE, __USERNAME and __PASSWORD (optional __PORT, __CONNECT_TIMEOUT), " +
            "or pass credentials to new PostgresDestination(...).");
    }

    private static PostgresCredentials? TryFromSection(Func<string, string?> lookup, string section)
    {
        var native = lookup(section);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in (ReadOnlySpan<string>)["HOST", "PORT", "DATABASE", "USERNAME", "PASSWORD", "CONNECT_TIMEOUT"])
            if (lookup(section + "__" + f) is { Length: > 0 } v) fields[f] = v;
        if (string.IsNullOrWhiteSpace(native) && fields.Count == 0) return null;
        var c = string.IsNullOrWhiteSpace(native) ? new PostgresCredentials() : Parse(native);
        if (fields.TryGetValue("HOST", out var host)) c.Host = host;
        if (fields.TryGetValue("PORT", out var port)) c.Port = ParsePort(port, section + "__PORT");
        if (fields.TryGetValue("DATABASE", out var db)) c.Database = db;
        if (fields.TryGetValue("USERNAME", out var user)) c.Username = user;
        if (fields.TryGetValue("PASSWORD", out var pw)) c.Password = pw;
        if (fields.TryGetValue("CONNECT_TIMEOUT", out var to))
        {
            if (!int.TryParse(to, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
                throw new PipelineConfigException($"{section}__CONNECT_TIMEOUT must be a whole number of seconds.");
            c.ConnectTimeout = seconds;
        }
        c.Validate(section);
        return c;
    }

    /// <summary>Checks that host, database and username are set.</summary>
    /// <exception cref="PipelineConfigException">naming the missing fields.</exception>
    public void Validate(string? source = null)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(Host)) missing.Add("host");
        if (string.IsNullOrWhiteSpace(Database)) missing.Add("database");
        if (string.IsNullOrWhiteSpace(Username)) missing.Add("username");
        if (missing.Count == 0) return;
        var from = source is null ? "" : $" (from {source})";
        throw new PipelineConfigException(
            $"PostgreSQL credentials{from} lack {string.Join(", ", missing)}: give a full URL postgresql://user:password@host:5432/database " +
            $"or set {EnvironmentVariable}__{string.Join($", {EnvironmentVariable}__", missing.Select(m => m.ToUpperInvariant()))}.");
    }

    private void SetOption(string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "connect_timeout":
                if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) || t < 0)
                    throw new PipelineConfigException("The PostgreSQL URL option connect_timeout must be a whole number of seconds.");
                ConnectTimeout = t;
                break;
            case "password":
                Password = value;
                break;
            case "user":
                Username = value;
                break;
            case "host":
                Host = value;
                break;
            case "port":
                Port = ParsePort(value, "URL option port");
                break;
            case "dbname":
                Database = value;
                break;
            default:
                Options[key] = value;
                break;
        }
    }

    private static int ParsePort(string value, string where)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) || p is <= 0 or > 65535)
            throw new PipelineConfigException($"The PostgreSQL port in {where} must be a number between 1 and 65535.");
        return p;
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s);

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>The credentials as a URL with the password masked: <c>postgresql://loader:***@localhost:5432/db</c>.</summary>
    public string Displayable
    {
        get
        {
            var sb = new StringBuilder("postgresql://");
            if (!string.IsNullOrEmpty(Username))
            {
                sb.Append(Uri.EscapeDataString(Username));
                if (!string.IsNullOrEmpty(Password)) sb.Append(":***");
                sb.Append('@');
            }
            var host = Host ?? "";
            sb.Append(host.Contains(':') ? "[" + host + "]" : host);
            sb.Append(':').Append(Port.ToString(CultureInfo.InvariantCulture));
            sb.Append('/').Append(Uri.EscapeDataString(Database ?? ""));
            var shown = Options.Where(kv => !IsSecretOption(kv.Key)).ToList();
            if (shown.Count > 0)
                sb.Append('?').Append(string.Join("&", shown.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value))));
            return sb.ToString();
        }
    }

    private static bool IsSecretOption(string key)
    {
        var k = key.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        return k.Contains("password", StringComparison.Ordinal) || k.Contains("passfile", StringComparison.Ordinal)
            || k.Contains("sslkey", StringComparison.Ordinal) || k.Contains("secret", StringComparison.Ordinal);
    }

    /// <summary>Masked form (<see cref="Displayable"/>); never the password.</summary>
    public override string ToString() => Displayable;

    /// <summary>
    /// Replaces every occurrence of the password in <paramref name="text"/> with <c>***</c> (defence in depth for messages built
    /// from server or driver text, which do not quote passwords). Passwords shorter than 3 characters are left alone: masking
    /// every such character would make messages unreadable.
    /// </summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(Password) || Password.Length < 3) return text;
        var redacted = text.Replace(Password, "***", StringComparison.Ordinal);
        var escaped = Uri.EscapeDataString(Password);
        return escaped == Password ? redacted : redacted.Replace(escaped, "***", StringComparison.Ordinal);
    }

    /// <summary>The Npgsql connection string (contains the password: hand it to Npgsql only, never log it).</summary>
    internal string ToNpgsqlConnectionString()
    {
        Validate();
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Database = Database,
            Username = Username,
            Timeout = ConnectTimeout,
            ApplicationName = "dlt",
            Timezone = "UTC",
            PersistSecurityInfo = false,
        };
        if (!string.IsNullOrEmpty(Password)) b.Password = Password;
        foreach (var (key, value) in Options)
        {
            var npgsqlKey = key.ToLowerInvariant() switch
            {
                "sslmode" => "SSL Mode",
                "sslcert" => "SSL Certificate",
                "sslkey" => "SSL Key",
                "sslrootcert" => "Root Certificate",
                "application_name" => "Application Name",
                "options" => "Options",
                "client_encoding" => "Client Encoding",
                "target_session_attrs" => "Target Session Attributes",
                "keepalives_idle" => "Keepalive",
                _ => key,
            };
            try
            {
                b[npgsqlKey] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw new PipelineConfigException($"The PostgreSQL connection option `{key}` is not supported or has an invalid value.");
            }
        }
        return b.ConnectionString;
    }
}
