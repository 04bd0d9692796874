namespace DltNet;

/// <summary>One or more column names (a primary key, merge key); a single string or an array convert implicitly, as in dlt.</summary>
public sealed class KeyList : List<string>
{
    /// <summary>Creates a key list.</summary>
    public KeyList(IEnumerable<string> names) : base(names) { }

    /// <summary>One column.</summary>
    public static implicit operator KeyList(string name) => new([name]);
    /// <summary>Several columns.</summary>
    public static implicit operator KeyList(string[] names) => new(names);
}
