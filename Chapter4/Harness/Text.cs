using System.Globalization;
using System.Text;

namespace Chapter4.Harness;

/// <summary>Small text helpers shared by the error messages and tables.</summary>
public static partial class Text
{
    /// <summary>The first line of a message (libtorch and .NET messages may carry a trace after it).</summary>
    public static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).Trim();
    }

    /// <summary>
    /// User text as it may appear inside a one-line message: control characters (newlines, escape
    /// sequences) are shown as \n, \e, \u0007 ..., so no input can forge a second line or drive the terminal.
    /// </summary>
    public static string Escape(string text)
    {
        if (!text.Any(IsControl)) return text;
        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\u001b' => "\\e",
                _ when IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>Longest stretch of user text an error echoes: a 64 MB argument is not repeated back.</summary>
    public const int MaxEcho = 200;

    /// <summary>User text to echo in a one-line message: <see cref="Escape"/>d and cut to about <see cref="MaxEcho"/> characters.</summary>
    public static string Echo(string text)
    {
        string head = text.Length > MaxEcho ? text[..(char.IsHighSurrogate(text[MaxEcho - 1]) ? MaxEcho - 1 : MaxEcho)] : text;
        string escaped = Escape(head);
        return text.Length > MaxEcho ? Cut(escaped, text.Length) : escaped;
    }

    /// <summary>
    /// A system message without the path .NET appends to it ("No space left on device : '/tmp/.a.png.123.tmp'"): the file we
    /// name ourselves, and a temporary file's name is noise to the reader.
    /// </summary>
    public static string WithoutTrailingPath(string message)
    {
        int at = message.LastIndexOf(" : '", StringComparison.Ordinal);
        return at > 0 && message.EndsWith('\'') ? message[..at] : message;
    }

    /// <summary>The cut text and how long it was, in the program's language (Chapter4 and the exercises' checker each say it).</summary>
    private static partial string Cut(string head, int length);

    private static bool IsControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    /// <summary>A number as the user would type it: shortest round-trip, "0", "-0.01", "1e+300".</summary>
    public static string Number(double value) =>
        value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    /// <summary>A shape as PyTorch lists it: [2, 3].</summary>
    public static string Shape(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
