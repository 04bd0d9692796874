namespace DltNet.Normalize;

/// <summary>
/// An item object of the normalizer's value model: keys in their original order (order decides name collisions,
/// spec cases 006/008). Values are scalars, <see cref="DltObject"/> or <c>List&lt;object?&gt;</c>.
/// </summary>
public sealed class DltObject : List<KeyValuePair<string, object?>>
{
    /// <summary>Creates an empty object.</summary>
    public DltObject() { }

    /// <summary>Creates an object with a capacity.</summary>
    public DltObject(int capacity) : base(capacity) { }

    /// <summary>Adds a key and value.</summary>
    public void Add(string key, object? value) => Add(new KeyValuePair<string, object?>(key, value));

    /// <summary>Value of the last occurrence of a key (raw, un-normalized key).</summary>
    public bool TryGetValue(string key, out object? value)
    {
        for (var i = Count - 1; i >= 0; i--)
        {
            if (this[i].Key == key)
            {
                value = this[i].Value;
                return true;
            }
        }
        value = null;
        return false;
    }
}
