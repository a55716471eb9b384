using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Chapter4.Course;
using Chapter4.Files;
using Chapter4.Harness;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// snippets/: the course's 14 code blocks, each as a C# file-based app beside a Python script.
/// Tolerance everywhere: none, the bytes of stdout are compared. What is proven where:
/// <list type="bullet">
/// <item><see cref="CSharpPrintsWhatPyTorchPrints"/>: each C# snippet, compiled in-process with Roslyn
/// (<see cref="SnippetCompiler"/>: the snippet plus the files its <c>#:include</c> lines name, warnings as
/// errors) and run with stdout captured, prints byte for byte what its Python twin prints under real PyTorch.
/// The 14 Python snippets run in one python3 process (tools/snippets/run_all.py). No torch: the test fails.</item>
/// <item><see cref="DotnetRunPrintsWhatPyTorchPrints"/>: one snippet run as the learner runs it,
/// <c>dotnet run snippets/1.2-parameters.cs</c>: the SDK's own build (<c>#:package</c> with the version from
/// Directory.Packages.props, <c>#:include</c>, the analyzers and warnings as errors of Directory.Build.props,
/// the native-shim patch of Directory.Build.targets so libtorch loads on Debian 12), byte for byte against PyTorch.</item>
/// <item><see cref="LessonPrintsWhatItsSnippetPrints"/>: each lesson's course prints (notes left out) equal its
/// C# snippet's stdout, so the deep dive and the snippet cannot drift apart.</item>
/// <item><see cref="ReadsBesideThePython"/>: C# body ≤ 1.5 × Python body, the same step markers in the same order.</item>
/// </list>
/// </summary>
[Category("Snippets")]
[TestOf("snippets")]
[NonParallelizable] // the in-process runs replace Console.Out
public class SnippetTests
{
    /// <summary>Each snippet (file name without extension) and the lesson that is its deep dive, as the lessons name them.</summary>
    private static readonly (string Snippet, string Lesson)[] Table =
        LessonRegistry.All().Where(l => l.Snippet is not null).Select(l => (l.Snippet!, l.Id)).ToArray();

    [Test]
    public void EveryCodeBlockOfTheCourseHasItsSnippet() =>
        // The course's 14 code blocks: 1.1, 1.2, 2.2.1–2.3.3 (five losses), 3.3.3–3.3.6 (four optimizers), 4.2–4.4 (three schedules).
        Assert.That(Table.Select(t => t.Snippet.Split('-')[0]), Is.EqualTo(new[]
            { "1.1", "1.2", "2.2.1", "2.2.2", "2.3.1", "2.3.2", "2.3.3", "3.3.3", "3.3.4", "3.3.5", "3.3.6", "4.2", "4.3", "4.4" }));

    /// <summary>The C# body may be this many times the Python body (both without imports, directives and comments).</summary>
    private const double MaxLineRatio = 1.5;

    private static string Root =>
        Repository.FindRoot(AppContext.BaseDirectory) ?? throw new AssertionException("Chapter4.sln not found above the test output");

    private static string SnippetPath(string snippet, string extension) => Path.Combine(Root, "snippets", snippet + extension);

    public static IEnumerable<TestCaseData> Snippets() => Table.Select(t => new TestCaseData(t.Snippet).SetName($"{{m}}({t.Snippet})"));

    public static IEnumerable<TestCaseData> SnippetsAndLessons() =>
        Table.Select(t => new TestCaseData(t.Snippet, t.Lesson).SetName($"{{m}}({t.Snippet}, {t.Lesson})"));

    // ---- the pairs exist, one per code block of the course, numbered as Course.cs numbers it ----

    [Test]
    public void EveryFileInSnippetsIsInTheTable()
    {
        // Besides the pairs: README.md and Directory.Build.props (PublishAot off for the snippets' builds).
        var files = Directory.GetFiles(Path.Combine(Root, "snippets")).Select(Path.GetFileName)
            .Where(f => f is not ("README.md" or "Directory.Build.props")).Order(StringComparer.Ordinal);
        var expected = Table.SelectMany(t => new[] { t.Snippet + ".cs", t.Snippet + ".py" }).Order(StringComparer.Ordinal);
        Assert.That(files, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(SnippetsAndLessons))]
    public void IsNamedAndTitledByItsCourseSection(string snippet, string lessonId)
    {
        Lesson lesson = LessonRegistry.Find(lessonId) ?? throw new AssertionException($"no lesson '{lessonId}'");
        CourseSection section = lesson.Section;
        Assert.That(snippet, Does.StartWith(section.Number + "-"), $"the lesson {lessonId} is section {section.Number}");
        string title = section.Number + " " + section.Chinese + (section.English == section.Chinese ? "" : " / " + section.English);
        // The Python file opens with the title; the C# file after its #! line.
        Assert.That(File.ReadLines(SnippetPath(snippet, ".py")).First(), Is.EqualTo("# " + title));
        Assert.That(File.ReadLines(SnippetPath(snippet, ".cs")).Skip(1).First(), Is.EqualTo("// " + title));
    }

    // ---- C# and PyTorch print the same bytes ----

    [TestCaseSource(nameof(Snippets))]
    public void CSharpPrintsWhatPyTorchPrints(string snippet)
    {
        // Python starts first and runs while the C# compiles (the first C# compile warms Roslyn up).
        Task<IReadOnlyDictionary<string, PythonRun>> pythonRuns = PythonSnippets.Value;
        string csharp = RunCSharp(snippet);
        PythonRun python = pythonRuns.GetAwaiter().GetResult()[snippet];
        Assert.That(python.Error, Is.Null, $"snippets/{snippet}.py failed under PyTorch");
        AssertSameBytes(csharp, python.Stdout, snippet);
    }

    [Test]
    public void DotnetRunPrintsWhatPyTorchPrints()
    {
        const string Snippet = "1.2-parameters";
        Task<IReadOnlyDictionary<string, PythonRun>> pythonRuns = PythonSnippets.Value;
        var (exit, stdout, stderr) = DotnetRun($"snippets/{Snippet}.cs");
        Assert.That(exit, Is.Zero, $"dotnet run snippets/{Snippet}.cs failed:\n{Encoding.UTF8.GetString(stdout)}{stderr}");
        PythonRun python = pythonRuns.GetAwaiter().GetResult()[Snippet];
        Assert.That(python.Error, Is.Null, $"snippets/{Snippet}.py failed under PyTorch");
        Assert.That(stdout, Is.EqualTo(Encoding.UTF8.GetBytes(python.Stdout)),
            $"dotnet run snippets/{Snippet}.cs:\n{Encoding.UTF8.GetString(stdout)}\npython3 snippets/{Snippet}.py:\n{python.Stdout}");
    }

    // ---- the deep dive prints what the snippet prints ----

    [TestCaseSource(nameof(SnippetsAndLessons))]
    public void LessonPrintsWhatItsSnippetPrints(string snippet, string lessonId)
    {
        Lesson lesson = LessonRegistry.Find(lessonId) ?? throw new AssertionException($"no lesson '{lessonId}'");
        var run = LessonMemo.Of(lesson, seed: null);
        Assert.That(run.Outcome.Error, Is.Null);
        AssertSameBytes(run.Printed, RunCSharp(snippet), $"lesson {lessonId} (course prints) against snippets/{snippet}.cs");
    }

    // ---- the C# reads beside the Python ----

    [TestCaseSource(nameof(Snippets))]
    public void ReadsBesideThePython(string snippet)
    {
        string cs = File.ReadAllText(SnippetPath(snippet, ".cs")), py = File.ReadAllText(SnippetPath(snippet, ".py"));
        int csLines = SnippetText.CSharpBodyLines(cs), pyLines = SnippetText.PythonBodyLines(py);
        TestContext.Out.WriteLine($"{snippet}: C# {csLines} lines, Python {pyLines} lines, ratio {(double)csLines / pyLines:F2}");
        Assert.That(csLines, Is.LessThanOrEqualTo(MaxLineRatio * pyLines), $"C# body {csLines} lines against Python's {pyLines}");
        var markers = SnippetText.StepMarkers(py, "#");
        Assert.That(markers, Is.Not.Empty, "no step markers (# 1 ...)");
        Assert.That(SnippetText.StepMarkers(cs, "//"), Is.EqualTo(markers), "the step markers differ");
    }

    /// <summary>1.2 carries its own copy of 1.1's ModelDemo (a file-based app cannot include a file with top-level statements).</summary>
    [TestCase(".cs", "//")]
    [TestCase(".py", "#")]
    public void ModelDemoIsTheSameCodeIn11And12(string extension, string comment)
    {
        string Model(string snippet) => SnippetText.ModelDemoCode(File.ReadAllText(SnippetPath(snippet, extension)), comment);
        Assert.That(Model("1.1-model"), Does.Contain("forward"));
        Assert.That(Model("1.2-parameters"), Is.EqualTo(Model("1.1-model")));
    }

    // ---- helpers ----

    private static void AssertSameBytes(string actual, string expected, string what)
    {
        if (actual == expected) return;
        string[] a = actual.Split('\n'), e = expected.Split('\n');
        int line = Enumerable.Range(0, Math.Min(a.Length, e.Length)).FirstOrDefault(i => a[i] != e[i], Math.Min(a.Length, e.Length));
        Assert.Fail($"{what}: stdout differs at line {line + 1}\n  expected: {(line < e.Length ? e[line] : "<end>")}\n  actual:   {(line < a.Length ? a[line] : "<end>")}");
    }

    private static readonly Dictionary<string, string> CSharpStdout = [];

    /// <summary>The C# snippet's stdout, compiled and run in-process once per test run.</summary>
    private static string RunCSharp(string snippet)
    {
        if (!CSharpStdout.TryGetValue(snippet, out string? stdout))
            CSharpStdout[snippet] = stdout = SnippetCompiler.Run(SnippetPath(snippet, ".cs"));
        return stdout;
    }

    private sealed record PythonRun(string Stdout, string? Error);

    /// <summary>Every Python snippet, run once in one python3 process, started by the first test that needs it.</summary>
    private static readonly Lazy<Task<IReadOnlyDictionary<string, PythonRun>>> PythonSnippets = new(() => Task.Run(RunPythonSnippets));

    private static IReadOnlyDictionary<string, PythonRun> RunPythonSnippets()
    {
        // Debian's PyTorch (python3-torch) is /usr/bin/python3's; another python3 on PATH may lack torch.
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var (exit, stdout, stderr) = Run(python, [Path.Combine(Root, "tools", "snippets", "run_all.py")], timeoutSeconds: 300);
        string output = Encoding.UTF8.GetString(stdout);
        if (exit != 0)
            throw new AssertionException($"PyTorch is needed to check the snippets: {stderr.Trim().Split('\n')[^1]}");
        var json = JsonNode.Parse(output)!.AsObject();
        return json.ToDictionary(kv => kv.Key, kv => new PythonRun((string)kv.Value!["stdout"]!, (string?)kv.Value!["error"]));
    }

    private static (int Exit, byte[] Stdout, string Stderr) DotnetRun(string file)
    {
        var (exit, stdout, stderr) = Run("dotnet", ["run", file], timeoutSeconds: 300);
        return (exit, stdout, stderr);
    }

    private static (int Exit, byte[] Stdout, string Stderr) Run(string program, string[] args, int timeoutSeconds)
    {
        var start = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new AssertionException($"cannot start {program}: {e.Message}");
        }
        using (process)
        {
            var stdout = new MemoryStream();
            Task copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeoutSeconds * 1000))
            {
                process.Kill(entireProcessTree: true);
                throw new AssertionException($"{program} {string.Join(" ", args)} did not end within {timeoutSeconds} s");
            }
            Task.WaitAll(copy, stderr);
            return (process.ExitCode, stdout.ToArray(), stderr.Result);
        }
    }
}

/// <summary>How the snippet tests read a snippet's text: body lines, step markers, ModelDemo's code.</summary>
internal static partial class SnippetText
{
    /// <summary>Lines that are not blank, not comments, not <c>#!</c>/<c>#:</c> directives and not using directives.</summary>
    public static int CSharpBodyLines(string text) => Lines(text).Count(l =>
        l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal) && !l.StartsWith("#!", StringComparison.Ordinal)
        && !l.StartsWith("#:", StringComparison.Ordinal) && !UsingDirective().IsMatch(l));

    /// <summary>Lines that are not blank, not comments and not imports.</summary>
    public static int PythonBodyLines(string text) => Lines(text).Count(l =>
        l.Length > 0 && !l.StartsWith('#') && !PythonImport().IsMatch(l));

    /// <summary>The step numbers of comments that start with one: "# 2-1 ..." / "// 2-1 ..." gives "2-1".</summary>
    public static List<string> StepMarkers(string text, string comment) =>
        Lines(text).Select(l => StepMarker().Match(l))
            .Where(m => m.Success && m.Groups["comment"].Value == comment)
            .Select(m => m.Groups["step"].Value).ToList();

    /// <summary>The code of class ModelDemo, up to the next top-level statement, without comments and blank lines.</summary>
    public static string ModelDemoCode(string text, string comment)
    {
        string[] raw = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int start = Array.FindIndex(raw, l => l.StartsWith("class ModelDemo", StringComparison.Ordinal));
        if (start < 0) return "";
        // The class ends where a line starts at column 0 again (C#'s braces and comments aside).
        int end = Array.FindIndex(raw, start + 1, l => l.Length > 0 && !char.IsWhiteSpace(l[0])
            && !l.StartsWith(comment, StringComparison.Ordinal) && l[0] is not ('{' or '}'));
        IEnumerable<string> code = raw[start..(end < 0 ? raw.Length : end)]
            .Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith(comment, StringComparison.Ordinal));
        return string.Join("\n", code);
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n').Select(l => l.Trim());

    [GeneratedRegex(@"^using (static )?[\w.]+( = [\w.]+)?;$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"^(import \S|from \S+ import )")]
    private static partial Regex PythonImport();

    [GeneratedRegex(@"^(?<comment>#|//) (?<step>\d+(-\d+)*) ")]
    private static partial Regex StepMarker();
}
