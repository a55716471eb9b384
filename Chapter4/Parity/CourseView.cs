using System.Text.RegularExpressions;
using Chapter4.Harness;

namespace Chapter4.Parity;

/// <summary>One step of a course view: the C# and the Python lines from one step marker ("// 3 …" / "# 3 …") to the next.</summary>
/// <param name="Step">The marker's number ("3", "2-1"), or null for the lines before the first marker.</param>
public sealed record CourseStep(string? Step, string CSharp, string Python);

/// <summary>
/// What a learner reads first, beside the course's own snippet: for a lesson the course has a code block for, the
/// plain C# file snippets/NAME.cs and the same script snippets/NAME.py (embedded at build time); for a lesson beyond
/// the course, its own Run body. The lesson's whole class stays available as the deep dive (<see cref="LessonSource"/>).
/// </summary>
public static partial class CourseView
{
    private const string Prefix = "Chapter4.Snippets.";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Files = new(() => EmbeddedFiles.Read(Prefix, "snippets"));

    /// <summary>snippets/NAME.cs and its text, or null when the course has no code block for this lesson.</summary>
    public static (string File, string Text)? CSharpSnippet(Lesson lesson) => Snippet(lesson, ".cs");

    /// <summary>snippets/NAME.py and its text, or null.</summary>
    public static (string File, string Text)? PythonSnippet(Lesson lesson) => Snippet(lesson, ".py");

    private static (string File, string Text)? Snippet(Lesson lesson, string extension)
    {
        if (lesson.Snippet is null) return null;
        string file = "snippets/" + lesson.Snippet + extension;
        return Files.Value.TryGetValue(file, out string? text) ? (file, text) : throw new InvalidOperationException($"{file} is not embedded");
    }

    /// <summary>The C# a learner reads first: the snippet, or for a lesson beyond the course its Run method alone.</summary>
    public static (string File, string Text) CSharp(Lesson lesson) =>
        CSharpSnippet(lesson) ?? (LessonSource.CSharpFile(lesson), LessonSource.RunMethod(lesson));

    /// <summary>
    /// The two snippet files cut at their step markers, step by step, so that a page can show each step's C# beside
    /// its Python on one row; empty when the lesson has no snippet or the two files' markers differ.
    /// </summary>
    public static IReadOnlyList<CourseStep> Steps(Lesson lesson)
    {
        if (CSharpSnippet(lesson) is not var (_, cs) || PythonSnippet(lesson) is not var (_, py)) return [];
        var csharp = Cut(cs, "//");
        var python = Cut(py, "#");
        if (!csharp.Select(s => s.Step).SequenceEqual(python.Select(s => s.Step))) return [];
        return csharp.Zip(python, (c, p) => new CourseStep(c.Step, c.Text, p.Text)).ToList();
    }

    private static List<(string? Step, string Text)> Cut(string text, string comment)
    {
        var steps = new List<(string? Step, List<string> Lines)> { (null, []) };
        foreach (string line in text.TrimEnd('\n').Split('\n'))
        {
            var m = StepMarker().Match(line.TrimStart());
            if (m.Success && m.Groups["comment"].Value == comment) steps.Add((m.Groups["step"].Value, []));
            steps[^1].Lines.Add(line);
        }
        return steps.Select(s => (s.Step, string.Join("\n", s.Lines) + "\n")).ToList();
    }

    /// <summary>A step marker: a comment that starts with the step's number, "# 2-1 …" or "// 3 …".</summary>
    [GeneratedRegex(@"^(?<comment>#|//) (?<step>\d+(-\d+)*) ")]
    private static partial Regex StepMarker();
}
