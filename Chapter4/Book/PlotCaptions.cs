using System.Reflection;
using System.Text.RegularExpressions;

namespace Chapter4.Book;

/// <summary>
/// The caption of every plot, read from the README's plot table (embedded at build time), so the book and the
/// README can never say different things about a figure.
/// </summary>
public static partial class PlotCaptions
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> All = new(Load);

    /// <summary>The README's caption for this PNG file name, or null if the table has none.</summary>
    public static string? For(string fileName) => All.Value.TryGetValue(fileName, out string? caption) ? caption : null;

    public static IReadOnlyDictionary<string, string> Table => All.Value;

    private static IReadOnlyDictionary<string, string> Load()
    {
        using Stream? stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Chapter4.README.md");
        if (stream is null) return new Dictionary<string, string>();
        using var reader = new StreamReader(stream);
        var captions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in Row().Matches(reader.ReadToEnd()))
            captions[m.Groups["file"].Value] = m.Groups["caption"].Value.Trim();
        return captions;
    }

    // | `loss-curves.png` | `loss-curves` | caption |
    [GeneratedRegex(@"^\| `(?<file>[\w.-]+\.png)` \| `[\w-]+` \| (?<caption>.+?) \|\s*$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
