namespace DltNet.Normalize;

/// <summary>A flattened row: normalized column names in first-seen order; setting an existing name keeps its position (like a Python dict).</summary>
internal sealed class FlatRow
{
    private readonly List<string> _keys = new(16);
    private readonly List<object?> _values = new(16);
    private Dictionary<string, int>? _index;

    public int Count => _keys.Count;
    public string KeyAt(int i) => _keys[i];
    public object? ValueAt(int i) => _values[i];

    public int IndexOf(string key)
    {
        if (_index is not null) return _index.TryGetValue(key, out var i) ? i : -1;
        for (var i = 0; i < _keys.Count; i++)
            if (string.Equals(_keys[i], key, StringComparison.Ordinal)) return i;
        return -1;
    }

    public void Set(string key, object? value)
    {
        var i = IndexOf(key);
        if (i >= 0)
        {
            _values[i] = value;
            return;
        }
        _keys.Add(key);
        _values.Add(value);
        if (_index is not null) _index[key] = _keys.Count - 1;
        else if (_keys.Count > 16)
        {
            _index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var j = 0; j < _keys.Count; j++) _index[_keys[j]] = j;
        }
    }

    /// <summary>Empties the row for reuse (the normalizer recycles rows once they were written).</summary>
    public void Clear()
    {
        _keys.Clear();
        _values.Clear();
        _index = null;
    }

    public bool TryGet(string key, out object? value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _values[i] : null;
        return i >= 0;
    }
}

/// <summary>Position of an extracted item (<c>table[index]</c>), formatted only when an error needs it.</summary>
internal readonly record struct ItemRef(string Table, long Index)
{
    public override string ToString() => $"{Table}[{Index}]";
}
