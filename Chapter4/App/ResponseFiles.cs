using System.Text;
using Chapter4.Files;
using Chapter4.Harness;
using Chapter4.Language;

namespace Chapter4.App;

/// <summary>
/// <c>@file</c> arguments, read by us instead of the parser: one argument per line (blank lines and lines
/// starting with # are skipped, each line is trimmed), a regular text file of at most <see cref="MaxBytes"/>,
/// nested at most <see cref="MaxDepth"/> deep, a file that names itself (directly or not) refused. After
/// <c>--</c> nothing is expanded. Every refusal is a <see cref="LessonInputException"/> (one line, exit 2).
/// </summary>
public static class ResponseFiles
{
    /// <summary>The most one response file, and all of them together, may hold: far beyond any real option list.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>How deep response files may name response files.</summary>
    public const int MaxDepth = 4;

    public static string[] Expand(string[] args)
    {
        if (!args.Any(a => a.StartsWith('@'))) return args;
        var expanded = new List<string>();
        long budget = MaxBytes;
        Expand(args, expanded, [], ref budget, topLevel: true);
        return [.. expanded];
    }

    private static void Expand(IEnumerable<string> args, List<string> into, List<string> chain, ref long budget, bool topLevel)
    {
        bool literal = false;
        foreach (string arg in args)
        {
            if (literal || !arg.StartsWith('@'))
            {
                if (arg == "--" && topLevel) literal = true;
                into.Add(arg);
                continue;
            }
            string path = arg[1..];
            string shown = CliTexts.Format("response.file", Text.Echo(path));
            if (path.Length == 0) throw new LessonInputException(CliTexts.Get("response.empty-path"));
            if (chain.Count >= MaxDepth)
                throw new LessonInputException(CliTexts.Format("response.too-deep", shown, chain.Count + 1, Text.Echo(chain[^1]), MaxDepth));
            string identity = Identity(path);
            if (chain.Contains(identity))
                throw new LessonInputException(CliTexts.Format("response.cycle", shown, string.Join(" → ", chain.Select(c => Text.Echo(Path.GetFileName(c))))));
            byte[] bytes;
            try
            {
                bytes = RegularFile.ReadAll(path, MaxBytes, length => CliTexts.Format("response.too-big", length, MaxBytes));
            }
            catch (RegularFileException e)
            {
                throw new LessonInputException($"{shown} {e.Message}");
            }
            budget -= bytes.Length;
            if (budget < 0) throw new LessonInputException(CliTexts.Format("response.too-much", shown, MaxBytes));
            if (Array.IndexOf(bytes, (byte)0) >= 0) throw new LessonInputException(CliTexts.Format("response.binary", shown));
            string text;
            try
            {
                text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw new LessonInputException(CliTexts.Format("response.not-utf8", shown));
            }
            var lines = text.TrimStart('\uFEFF').Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#');
            chain.Add(identity);
            Expand(lines, into, chain, ref budget, topLevel: false);
            chain.RemoveAt(chain.Count - 1);
        }
    }

    /// <summary>The file a path names, links followed, so that two spellings of one file are one file.</summary>
    private static string Identity(string path)
    {
        try
        {
            string full = Path.GetFullPath(path);
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or NotSupportedException)
        {
            return path;
        }
    }
}
