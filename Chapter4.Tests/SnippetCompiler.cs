using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// Compiles a C# snippet (a file-based app) in-process with Roslyn and runs its entry point with stdout
/// captured: well under a second a snippet once Roslyn is warm (a few seconds for the first), against
/// about 7.5 s for a cold <c>dotnet run</c>. It compiles what the SDK compiles for the snippet: the file itself (with the SDK's
/// FileBasedProgram feature C# 14 reads its <c>#!</c> and <c>#:</c> lines as ignored directives), the files its <c>#:include</c> lines name, the SDK's
/// implicit usings, nullable on, against the .NET runtime and the TorchSharp already loaded here; every
/// compiler warning fails it. Not run here: the SDK's analyzers and .editorconfig style, and the
/// <c>#:package</c> resolution; <c>SnippetTests.DotnetRunPrintsWhatPyTorchPrints</c> covers those.
/// </summary>
internal static class SnippetCompiler
{
    /// <summary>Microsoft.NET.Sdk's implicit usings, which file-based apps get.</summary>
    private const string ImplicitUsings =
        "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\n" +
        "global using System.Net.Http;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n";

    /// <summary>C# 14, and what the SDK passes for a file-based app: -features:FileBasedProgram.</summary>
    private static readonly CSharpParseOptions Parse =
        new CSharpParseOptions(LanguageVersion.CSharp14).WithFeatures([new("FileBasedProgram", "true")]);

    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        // The runtime's own assemblies (not this test's other dependencies, e.g. Chapter4.dll, whose
        // Chapter4.Printing types the snippet compiles from source) and TorchSharp.
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == runtime);
        return [.. framework.Select(p => MetadataReference.CreateFromFile(p)),
            MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location)];
    });

    /// <summary>The files the snippet's <c>#:include</c> lines name, relative to the snippet's folder.</summary>
    public static IReadOnlyList<string> Includes(string snippetPath)
    {
        string folder = Path.GetDirectoryName(snippetPath)!;
        var files = new List<string>();
        foreach (string line in File.ReadLines(snippetPath))
        {
            if (!line.StartsWith("#:include ", StringComparison.Ordinal)) continue;
            string path = Path.GetFullPath(Path.Combine(folder, line["#:include ".Length..].Trim()));
            files.AddRange(path.Contains('*', StringComparison.Ordinal)
                ? Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path)).Order(StringComparer.Ordinal)
                : [path]);
        }
        return files;
    }

    /// <summary>Compiles the snippet and returns what it printed to stdout.</summary>
    public static string Run(string snippetPath)
    {
        var trees = new[] { snippetPath }.Concat(Includes(snippetPath))
            .Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), Parse, p))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, Parse, "ImplicitUsings.g.cs"));
        var options = new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable)
            // As the SDK: TorchSharp is built against an older System.Runtime, unified to this one.
            .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]);
        var compilation = CSharpCompilation.Create(Path.GetFileNameWithoutExtension(snippetPath), trees, References.Value, options);
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var problems = emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (!emitted.Success || problems.Count > 0)
            throw new AssertionException($"{Path.GetFileName(snippetPath)} does not compile cleanly:\n" + string.Join("\n", problems));

        image.Position = 0;
        // A collectible context per snippet; TorchSharp resolves to the one already loaded (the default context).
        var context = new AssemblyLoadContext(Path.GetFileName(snippetPath), isCollectible: true);
        TextWriter console = Console.Out;
        var stdout = new StringWriter { NewLine = "\n" };
        try
        {
            MethodInfo main = context.LoadFromStream(image).EntryPoint!;
            Console.SetOut(stdout);
            main.Invoke(null, main.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(console);
            context.Unload();
        }
        return stdout.ToString();
    }
}
