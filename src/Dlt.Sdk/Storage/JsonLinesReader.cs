namespace DltNet.Storage;

/// <summary>
/// Splits a JSON lines file into lines straight from UTF-8 bytes (no string per line). A yielded line is valid until
/// the next one is read: callers parse it right away.
/// </summary>
internal static class JsonLinesReader
{
    /// <summary>The non-empty lines of <paramref name="path"/> with their 1-based line numbers.</summary>
    public static IEnumerable<(ReadOnlyMemory<byte> Line, int LineNumber)> Lines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[1 << 16];
        int start = 0, end = 0, lineNo = 0;
        while (true)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (newline < 0)
            {
                // move the partial line to the front, grow for very long lines, read more
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                var read = stream.Read(buffer, end, buffer.Length - end);
                if (read == 0)
                {
                    lineNo++;
                    if (!IsBlank(buffer.AsSpan(start, end - start))) yield return (buffer.AsMemory(start, end - start), lineNo);
                    yield break;
                }
                end += read;
                continue;
            }
            lineNo++;
            if (!IsBlank(buffer.AsSpan(start, newline - start))) yield return (buffer.AsMemory(start, newline - start), lineNo);
            start = newline + 1;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r"u8).IsEmpty;
}
