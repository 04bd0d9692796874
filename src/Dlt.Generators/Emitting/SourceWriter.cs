using System;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace DltNet.Generators.Emitting;

/// <summary>Writes C# source text with indentation (four spaces per level) and <c>\n</c> line endings.</summary>
internal sealed class SourceWriter
{
    private const int SpacesPerLevel = 4;
    private readonly StringBuilder _sb = new();
    private int _indentation;

    public int Indentation
    {
        get => _indentation;
        set
        {
            if (value < 0) throw new ArgumentOutOfRangeException(nameof(value));
            _indentation = value;
        }
    }

    public void WriteLine()
    {
        _sb.Append('\n');
    }

    /// <summary>Writes one line, or several (each indented) when <paramref name="text"/> contains line breaks.</summary>
    public void WriteLine(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length > 0) _sb.Append(' ', _indentation * SpacesPerLevel).Append(trimmed);
            _sb.Append('\n');
        }
    }

    /// <summary>Writes <paramref name="header"/> (if any), an opening brace, and indents.</summary>
    public void OpenBlock(string? header = null)
    {
        if (header is not null) WriteLine(header);
        WriteLine("{");
        _indentation++;
    }

    /// <summary>Unindents and writes a closing brace followed by <paramref name="suffix"/>.</summary>
    public void CloseBlock(string suffix = "")
    {
        _indentation--;
        WriteLine("}" + suffix);
    }

    public SourceText ToSourceText() => SourceText.From(_sb.ToString(), Encoding.UTF8);

    public override string ToString() => _sb.ToString();
}
