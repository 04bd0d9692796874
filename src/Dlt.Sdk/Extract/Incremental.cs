using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DltNet.Normalize;

namespace DltNet.Extract;

/// <summary>
/// An incremental cursor (dlt's <c>dlt.sources.incremental</c>, spec 9): keeps the last cursor value in the pipeline state
/// and lets only new items through, deduplicating items at the boundary by primary key or content hash.
/// </summary>
public class Incremental
{
    /// <summary>Creates a cursor on a field of the source item (<c>"updated_at"</c>, nested <c>"a.b"</c> or <c>"$.a.b"</c>).</summary>
    public Incremental(string cursorPath, object? initialValue = null, object? endValue = null, string lastValueFunc = "max",
        IReadOnlyList<string>? primaryKey = null, double? lag = null, string? rowOrder = null, string onCursorValueMissing = "raise",
        string rangeStart = "closed", string rangeEnd = "open")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cursorPath);
        CursorPath = cursorPath;
        InitialValue = ItemConverter.ToValue(initialValue);
        EndValue = ItemConverter.ToValue(endValue);
        LastValueFunc = lastValueFunc switch
        {
            "max" or "min" => lastValueFunc,
            _ => throw new ArgumentException($"lastValueFunc must be \"max\" or \"min\" (or pass a comparer), not \"{lastValueFunc}\"."),
        };
        PrimaryKey = primaryKey;
        Lag = lag;
        RowOrder = rowOrder;
        OnCursorValueMissing = onCursorValueMissing is "raise" or "include" or "exclude"
            ? onCursorValueMissing
            : throw new ArgumentException("onCursorValueMissing must be raise, include or exclude.");
        RangeStart = rangeStart;
        RangeEnd = rangeEnd;
        if (EndValue is not null && InitialValue is null)
            throw new ArgumentException($"Incremental on `{cursorPath}`: endValue requires initialValue.");
        if (EndValue is not null && InitialValue is not null && !IsAfter(EndValue, InitialValue) && Compare(EndValue, InitialValue) != 0)
            throw new ArgumentException($"Incremental on `{cursorPath}`: endValue must come after initialValue under last value function `{lastValueFunc}`.");
    }

    /// <summary>Cursor path.</summary>
    public string CursorPath { get; }
    /// <summary>Start value when there is no state.</summary>
    public object? InitialValue { get; }
    /// <summary>Upper bound (stateless backfill when set).</summary>
    public object? EndValue { get; }
    /// <summary>"max" or "min".</summary>
    public string LastValueFunc { get; }
    /// <summary>Custom ordering of cursor values (replaces min/max ordering; "max" keeps the greatest under it).</summary>
    public IComparer<object?>? Comparer { get; init; }
    /// <summary>Dedup key (null: resource primary key, else row hash; empty: dedup off).</summary>
    public IReadOnlyList<string>? PrimaryKey { get; set; }
    /// <summary>Window re-loaded behind the last value (seconds for timestamps).</summary>
    public double? Lag { get; }
    /// <summary>"asc"/"desc": lets the resource stop early.</summary>
    public string? RowOrder { get; }
    /// <summary>raise, include or exclude.</summary>
    public string OnCursorValueMissing { get; }
    /// <summary>closed (default) or open.</summary>
    public string RangeStart { get; }
    /// <summary>open (default) or closed.</summary>
    public string RangeEnd { get; }
    /// <summary>The last value at the start of this run (lag applied), or the initial value.</summary>
    public object? StartValue { get; private set; }
    /// <summary>The live last value.</summary>
    public object? LastValue { get; private set; }

    private bool _dedup;
    private HashSet<string> _previousHashes = [];
    private HashSet<string> _startHashes = [];
    private List<string> _boundaryHashes = [];
    private JsonObject? _state;
    private IReadOnlyList<string>? _effectiveKey;
    private bool _anyRowPassed;

    /// <summary>True when the row order says no more rows can pass.</summary>
    internal bool Exhausted { get; private set; }

    internal void Bind(JsonObject resourceState, IReadOnlyList<string>? resourcePrimaryKey)
    {
        _effectiveKey = PrimaryKey ?? resourcePrimaryKey;
        JsonObject st;
        if (EndValue is not null)
        {
            st = NewState();
            _state = null;
        }
        else
        {
            var inc = resourceState["incremental"] as JsonObject ?? new JsonObject();
            resourceState["incremental"] = inc;
            if (inc[CursorPath] is not JsonObject existing)
            {
                existing = NewState();
                inc[CursorPath] = existing;
            }
            st = existing;
            _state = st;
        }
        var last = ReadStateValue(st["last_value"]);
        StartValue = last is not null && Lag is { } lag ? ApplyLag(last, lag) : last;
        LastValue = last;
        _dedup = RangeStart != "open" && EndValue is null && Lag is null && (_effectiveKey is null || _effectiveKey.Count > 0);
        _previousHashes = st["unique_hashes"] is JsonArray hashes ? [.. hashes.Select(h => h!.GetValue<string>())] : [];
        // rows at the start value that the previous run loaded; fixed for the whole run
        _startHashes = [.. _previousHashes];
        _boundaryHashes = [];
        _anyRowPassed = false;
        Exhausted = false;
    }

    private JsonObject NewState() => new()
    {
        ["initial_value"] = WriteStateValue(InitialValue),
        ["last_value"] = WriteStateValue(InitialValue),
        ["unique_hashes"] = new JsonArray(),
    };

    /// <summary>Decides whether an item passes. <paramref name="position"/> names the item in errors.</summary>
    internal bool Filter(object? item, string resourceName, Func<string> position)
    {
        var v = GetCursorValue(item);
        if (v is null)
        {
            return OnCursorValueMissing switch
            {
                "include" => true,
                "exclude" => false,
                _ => throw new IncrementalCursorPathMissing(resourceName, CursorPath, position()),
            };
        }
        if (EndValue is not null)
        {
            if (IsAfter(v, EndValue)) { if (RowOrder == "asc") Exhausted = true; return false; }
            if (RangeEnd == "open" && Compare(v, EndValue) == 0) return false;
        }
        var last = LastValue;
        var isNewMax = last is null || IsAfter(v, last);
        if (!isNewMax)
        {
            var start = StartValue;
            if (start is not null)
            {
                if (RangeStart == "open" && Compare(v, start) == 0) return false;
                if (IsAfter(start, v))
                {
                    if (RowOrder == "desc") Exhausted = true;
                    return false;
                }
                if (Compare(v, start) == 0 && _dedup && _startHashes.Contains(RowHash(item)))
                    return false;
            }
            if (_dedup && last is not null && Compare(v, last) == 0) _boundaryHashes.Add(RowHash(item));
            _anyRowPassed = true;
            return true;
        }
        LastValue = v;
        _boundaryHashes = _dedup ? [RowHash(item)] : [];
        _previousHashes = Compare(v, StartValue) == 0 ? _previousHashes : [];
        _anyRowPassed = true;
        return true;
    }

    /// <summary>Writes the new state after the resource finished.</summary>
    internal void Commit()
    {
        if (_state is null) return;
        var oldLast = ReadStateValue(_state["last_value"]);
        var moved = oldLast is null || (LastValue is not null && Compare(LastValue, oldLast) != 0);
        _state["last_value"] = WriteStateValue(LastValue);
        IEnumerable<string> hashes = moved ? _boundaryHashes : _previousHashes.Concat(_boundaryHashes);
        _state["unique_hashes"] = _dedup ? new JsonArray([.. hashes.Distinct().Select(h => (JsonNode)JsonValue.Create(h))]) : new JsonArray();
        if (_anyRowPassed) _state["start_value"] = WriteStateValue(StartValue);
    }

    private object? GetCursorValue(object? item)
    {
        var path = CursorPath.StartsWith("$.", StringComparison.Ordinal) ? CursorPath[2..] : CursorPath;
        object? current = item;
        if (current is DltObject o && o.TryGetValue(path, out var direct)) return direct;
        foreach (var part in path.Split('.'))
        {
            if (current is DltObject obj && obj.TryGetValue(part, out var next)) current = next;
            else return null;
        }
        return current;
    }

    private string RowHash(object? item)
    {
        object? keyed = item;
        if (_effectiveKey is { Count: > 0 } key && item is DltObject o)
        {
            if (key.Count == 1) keyed = o.TryGetValue(key[0], out var kv) ? kv : null;
            else keyed = key.Select(k => o.TryGetValue(k, out var kv2) ? kv2 : null).ToList();
        }
        var json = SortedJson(keyed);
        var digest = Shake128.HashData(Encoding.UTF8.GetBytes(json), 15);
        return Convert.ToBase64String(digest);
    }

    private static string SortedJson(object? v)
    {
        if (v is DltObject o)
        {
            var sorted = new DltObject();
            foreach (var kv in o.OrderBy(p => p.Key, StringComparer.Ordinal)) sorted.Add(kv.Key, kv.Value);
            return TypedJson.ToPlainJson(sorted);
        }
        return TypedJson.ToPlainJson(v);
    }

    /// <summary>True when <paramref name="a"/> comes after <paramref name="b"/> under the last value function.</summary>
    private bool IsAfter(object a, object b) => LastValueFunc == "min" ? Compare(a, b) < 0 : Compare(a, b) > 0;

    private int Compare(object? a, object? b)
    {
        if (Comparer is not null) return Comparer.Compare(a, b);
        return CompareValues(a, b);
    }

    internal static int CompareValues(object? a, object? b)
    {
        if (a is null || b is null) return a is null ? (b is null ? 0 : -1) : 1;
        switch (a, b)
        {
            case (long x, long y): return x.CompareTo(y);
            case (long or double or decimal, long or double or decimal):
                return Convert.ToDecimal(a, System.Globalization.CultureInfo.InvariantCulture).CompareTo(Convert.ToDecimal(b, System.Globalization.CultureInfo.InvariantCulture));
            case (string x, string y): return string.CompareOrdinal(x, y);
            case (DateTimeOffset x, DateTimeOffset y): return x.CompareTo(y);
            case (DateTime x, DateTime y): return x.CompareTo(y);
            case (DateTimeOffset x, DateTime y): return x.UtcDateTime.CompareTo(y);
            case (DateTime x, DateTimeOffset y): return x.CompareTo(y.UtcDateTime);
            case (DateOnly x, DateOnly y): return x.CompareTo(y);
            case (TimeOnly x, TimeOnly y): return x.CompareTo(y);
            case (bool x, bool y): return x.CompareTo(y);
            case (string s, DateTimeOffset y) when Schema.TypeCoercion.TryParseIsoTimestamp(s, out var sx): return sx.CompareTo(y);
            case (DateTimeOffset x, string s) when Schema.TypeCoercion.TryParseIsoTimestamp(s, out var sy): return x.CompareTo(sy);
        }
        throw new DltDataException($"Cannot compare incremental cursor values {a} ({a.GetType().Name}) and {b} ({b.GetType().Name}).");
    }

    private object ApplyLag(object last, double lag)
    {
        var sign = LastValueFunc == "min" ? 1 : -1;
        return last switch
        {
            long l => l + (long)(sign * lag),
            double d => d + sign * lag,
            decimal m => m + (decimal)(sign * lag),
            DateTimeOffset dto => dto.AddSeconds(sign * lag),
            DateTime dt => dt.AddSeconds(sign * lag),
            DateOnly d => d.AddDays((int)(sign * lag)),
            string s when Schema.TypeCoercion.TryParseIsoTimestamp(s, out var ts) => Schema.TypeCoercion.FormatIso(ts.AddSeconds(sign * lag)),
            _ => last,
        };
    }

    private static JsonNode? WriteStateValue(object? value)
    {
        if (value is null) return null;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) TypedJson.Write(w, value);
        return JsonNode.Parse(buffer.WrittenSpan);
    }

    private static object? ReadStateValue(JsonNode? node)
    {
        if (node is null) return null;
        var bytes = Encoding.UTF8.GetBytes(node.ToJsonString());
        var r = new Utf8JsonReader(bytes);
        r.Read();
        return TypedJson.Read(ref r);
    }
}

/// <summary>A typed incremental cursor; <see cref="Start"/> and <see cref="Last"/> are the cursor values as <typeparamref name="T"/>.</summary>
public sealed class Incremental<T> : Incremental
{
    /// <summary>Creates a typed cursor. For a value type <typeparamref name="T"/>, <c>default(T)</c> means "no value" (an omitted argument).</summary>
    public Incremental(string cursorPath, T? initialValue = default, T? endValue = default, string lastValueFunc = "max",
        IReadOnlyList<string>? primaryKey = null, double? lag = null, string? rowOrder = null, string onCursorValueMissing = "raise")
        : base(cursorPath, ValueOrNull(initialValue), ValueOrNull(endValue), lastValueFunc, primaryKey, lag, rowOrder, onCursorValueMissing)
    {
    }

    // an omitted argument of a value type arrives as default(T) (DateTimeOffset.MinValue, 0), not null
    private static object? ValueOrNull(T? value) =>
        value is null || (typeof(T).IsValueType && EqualityComparer<T>.Default.Equals(value, default!)) ? null : value;

    /// <summary>Start value of this run converted to <typeparamref name="T"/>.</summary>
    public T? Start => Convert(StartValue);
    /// <summary>Live last value converted to <typeparamref name="T"/>.</summary>
    public T? Last => Convert(LastValue);

    private static T? Convert(object? v)
    {
        if (v is null) return default;
        if (v is T t) return t;
        if (typeof(T) == typeof(DateTimeOffset) && v is string s && Schema.TypeCoercion.TryParseIsoTimestamp(s, out var ts)) return (T)(object)ts;
        if (typeof(T) == typeof(int) && v is long l) return (T)(object)(int)l;
        if (typeof(T) == typeof(DateTime) && v is DateTimeOffset dto) return (T)(object)dto.UtcDateTime;
        return default;
    }
}
