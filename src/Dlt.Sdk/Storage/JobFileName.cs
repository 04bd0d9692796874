using System.Security.Cryptography;

namespace DltNet.Storage;

/// <summary>dlt's job file name <c>&lt;table&gt;.&lt;file_id&gt;.&lt;retry_count&gt;.&lt;format&gt;</c> (spec 8.3).</summary>
public sealed record JobFileName(string TableName, string FileId, int RetryCount, string FileFormat)
{
    /// <summary>A new name with a random 10 hex character file id.</summary>
    public static JobFileName New(string tableName, string format) =>
        new(tableName, Convert.ToHexString(RandomNumberGenerator.GetBytes(5)).ToLowerInvariant(), 0, format);

    /// <summary>Parses a file name.</summary>
    public static JobFileName Parse(string fileName)
    {
        var name = Path.GetFileName(fileName);
        var parts = name.Split('.');
        if (parts.Length < 4) throw new FormatException($"'{name}' is not a job file name (<table>.<file_id>.<retry>.<format>).");
        var format = parts[^1];
        var retry = int.Parse(parts[^2], System.Globalization.CultureInfo.InvariantCulture);
        var fileId = parts[^3];
        var table = string.Join('.', parts[..^3]);
        return new JobFileName(table, fileId, retry, format);
    }

    /// <summary>File name.</summary>
    public override string ToString() => $"{TableName}.{FileId}.{RetryCount}.{FileFormat}";

    /// <summary>Job id: the name without the retry count.</summary>
    public string JobId => $"{TableName}.{FileId}.{FileFormat}";
}
