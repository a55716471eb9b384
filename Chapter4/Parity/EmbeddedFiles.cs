using System.Reflection;

namespace Chapter4.Parity;

/// <summary>Source files embedded in the app at build time (the lessons, the snippets), by their path in the repository.</summary>
internal static class EmbeddedFiles
{
    /// <summary>Every resource named <paramref name="prefix"/>NAME, as "<paramref name="folder"/>/NAME" → its text (\n line ends).</summary>
    public static IReadOnlyDictionary<string, string> Read(string prefix, string folder)
    {
        Assembly assembly = typeof(EmbeddedFiles).Assembly;
        var files = new Dictionary<string, string>();
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            files[folder + "/" + name[prefix.Length..]] = reader.ReadToEnd().ReplaceLineEndings("\n");
        }
        return files;
    }
}
