using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Chapter4.Harness;

namespace Chapter4.Parity;

/// <summary>
/// A lesson's C# (its class, from the source file embedded at build time) and its PyTorch twin
/// (from the fixture that tools/parity/reference.py wrote): `&lt;lesson&gt; --source`, as ScottPlot's
/// cookbook shows each recipe's code beside its picture.
/// </summary>
public static class LessonSource
{
    private const string Prefix = "Chapter4.Source.Lessons.";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Files = new(() => EmbeddedFiles.Read(Prefix, "Chapter4/Lessons"));

    /// <summary>The file that declares the lesson's class, relative to the repository root.</summary>
    public static string CSharpFile(Lesson lesson) =>
        Files.Value.FirstOrDefault(f => Declaration(f.Value, lesson.GetType()) >= 0).Key
        ?? throw new InvalidOperationException($"no embedded source declares {lesson.GetType().Name}");

    public static string? PythonFile(Lesson lesson) => Reference.Twin(lesson.Id)?.File;

    /// <summary>
    /// The lesson's class with its doc comment and attributes, as written in its file; a shared
    /// lesson base class (e.g. the four optimizer lessons') comes first, since the run lives there.
    /// </summary>
    public static string CSharp(Lesson lesson)
    {
        var types = new List<Type>();
        for (Type? t = lesson.GetType(); t is not null && t != typeof(Lesson); t = t.BaseType) types.Insert(0, t);
        return string.Join("\n", types.Select(ClassText));
    }

    private static string ClassText(Type type)
    {
        string file = Files.Value.FirstOrDefault(f => Declaration(f.Value, type) >= 0).Key
            ?? throw new InvalidOperationException($"no embedded source declares {type.Name}");
        string text = Files.Value[file];
        string[] lines = text.Split('\n');
        int start = text.AsSpan(0, Declaration(text, type)).Count('\n');
        while (start > 0 && lines[start - 1].TrimStart() is var above && (above.StartsWith("///", StringComparison.Ordinal) || above.StartsWith('[')))
            start--;
        // Files use file-scoped namespaces: a class ends at the first "}" in column 0.
        int end = Array.FindIndex(lines, start, l => l == "}");
        return string.Join('\n', lines[start..(end + 1)]) + "\n";
    }

    /// <summary>The lesson's own Run method, as written (for a lesson beyond the course: its course view).</summary>
    public static string RunMethod(Lesson lesson)
    {
        for (Type? type = lesson.GetType(); type is not null && type != typeof(Lesson); type = type.BaseType)
        {
            string[] lines = ClassText(type).TrimEnd('\n').Split('\n');
            int start = Array.FindIndex(lines, l => l.Contains("override void Run(LessonContext ctx)", StringComparison.Ordinal));
            if (start < 0) continue;
            while (start > 0 && lines[start - 1].TrimStart().StartsWith("///", StringComparison.Ordinal)) start--;
            // The method ends at the first "}" indented as its signature is.
            string indent = lines[start][..(lines[start].Length - lines[start].TrimStart().Length)];
            int end = Array.FindIndex(lines, start + 1, l => l == indent + "}");
            return string.Join('\n', lines[start..(end + 1)].Select(l => l.StartsWith(indent, StringComparison.Ordinal) ? l[indent.Length..] : l)) + "\n";
        }
        throw new InvalidOperationException($"{lesson.GetType().Name} declares no Run");
    }

    /// <summary>
    /// `&lt;lesson&gt; --source`: the course view first — the snippet pair (or the lesson's Run body) — then where the
    /// deep dive is. <paramref name="full"/> (--source --full) shows the lesson's whole class beside its PyTorch twin.
    /// </summary>
    public static string Text(Lesson lesson, bool full)
    {
        if (full) return Text(lesson);
        var sb = new StringBuilder();
        sb.AppendLine($"{lesson.Id} — {lesson.Section}");
        sb.AppendLine();
        if (CourseView.CSharpSnippet(lesson) is var (csFile, cs) && CourseView.PythonSnippet(lesson) is var (pyFile, py))
        {
            sb.AppendLine($"C#  ({csFile}; runs alone: dotnet run {csFile})");
            sb.AppendLine(new string('─', 72));
            sb.Append(cs);
            sb.AppendLine();
            sb.AppendLine($"Python  ({pyFile}; python3 {pyFile}, prints the same bytes)");
            sb.AppendLine(new string('─', 72));
            sb.Append(py);
        }
        else
        {
            sb.AppendLine($"C#  ({CSharpFile(lesson)}, the lesson's Run: the course has no code block here)");
            sb.AppendLine(new string('─', 72));
            sb.Append(RunMethod(lesson));
        }
        sb.AppendLine();
        sb.AppendLine($"Deep dive: {CSharpFile(lesson)} (take-aways, results, failure handling); `{lesson.Id} --source --full` shows it beside its PyTorch twin.");
        return sb.ToString();
    }

    public static string Text(Lesson lesson)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{lesson.Id} — {lesson.Section}");
        sb.AppendLine();
        sb.AppendLine($"C#  ({CSharpFile(lesson)})");
        sb.AppendLine(new string('─', 72));
        sb.Append(CSharp(lesson));
        sb.AppendLine();
        if (Reference.Twin(lesson.Id) is var (file, source))
        {
            sb.AppendLine($"Python  ({file}, the PyTorch twin that wrote reference/{lesson.Id}.json)");
            sb.AppendLine(new string('─', 72));
            sb.Append(source);
        }
        else
        {
            sb.AppendLine("Python  (no PyTorch twin)");
        }
        return sb.ToString();
    }

    public static JsonObject ToJson(Lesson lesson)
    {
        var twin = Reference.Twin(lesson.Id);
        var (viewFile, viewText) = CourseView.CSharp(lesson);
        return new JsonObject
        {
            ["lesson"] = lesson.Id,
            // What a learner reads first: the snippet pair, or the lesson's Run when the course has no code block here.
            ["course_view"] = new JsonObject
            {
                ["csharp"] = new JsonObject { ["file"] = viewFile, ["source"] = viewText },
                ["python"] = CourseView.PythonSnippet(lesson) is var (pyFile, py) ? new JsonObject { ["file"] = pyFile, ["source"] = py } : null,
            },
            // The deep dive: the lesson's whole class and the PyTorch twin its fixtures come from.
            ["csharp"] = new JsonObject { ["file"] = CSharpFile(lesson), ["source"] = CSharp(lesson) },
            ["python"] = twin is var (file, source) ? new JsonObject { ["file"] = file, ["source"] = source } : null,
        };
    }

    private static int Declaration(string text, Type type)
    {
        var match = Regex.Match(text, $@"^(public |internal )?(sealed |abstract )?(partial )?class {type.Name}\b", RegexOptions.Multiline);
        return match.Success ? match.Index : -1;
    }
}
