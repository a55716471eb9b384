using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Chapter4.Book;

/// <summary>
/// Source code as HTML with CSS classes for comments, strings, numbers and keywords (kw, str, com, num): a
/// one-pass tokenizer, enough to make C# and Python readable, with no script and no external library.
/// </summary>
public static partial class CodeHtml
{
    public static string CSharp(string code) => Highlight(code, CSharpTokens());

    public static string Python(string code) => Highlight(code, PythonTokens());

    /// <summary>Text made safe for HTML (the lessons print &lt;, &gt; and &amp; in tensors and formulas).</summary>
    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Highlight(string code, Regex tokens)
    {
        var html = new StringBuilder(code.Length * 2);
        int at = 0;
        foreach (Match m in tokens.Matches(code))
        {
            html.Append(Escape(code[at..m.Index]));
            string css = m.Groups["com"].Success ? "com" : m.Groups["str"].Success ? "str" : m.Groups["num"].Success ? "num" : "kw";
            html.Append("<span class=\"").Append(css).Append("\">").Append(Escape(m.Value)).Append("</span>");
            at = m.Index + m.Length;
        }
        return html.Append(Escape(code[at..])).ToString();
    }

    // Comments and strings first, so a keyword inside either stays part of it. An interpolated string's holes may hold
    // strings of their own ($"… {string.Join(", ", xs)} …"): the string ends at its own closing quote, not theirs.
    [GeneratedRegex(""""
        (?<com>//[^\n]*|/\*[\s\S]*?\*/)
        |(?<str>\$?@?"""[\s\S]*?"""|\$?@"(?:[^"]|"")*"
            |\$"(?:[^"\\\n{]|\\.|\{\{|\{(?:[^{}"\n]|"(?:[^"\\\n]|\\.)*")*\})*"
            |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)')
        |(?<num>\b\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?[fFdDmMlL]?\b)
        |(?<kw>\b(?:abstract|as|base|bool|break|case|catch|class|const|continue|default|double|else|enum|false|finally|float|for|foreach|get|if|in|init|int|internal|is|long|namespace|new|null|object|out|override|params|private|protected|public|readonly|record|return|sealed|set|static|string|switch|this|throw|true|try|using|var|virtual|void|when|while|with|yield)\b)
        """", RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex CSharpTokens();

    [GeneratedRegex(""""
        (?<com>\#[^\n]*)
        |(?<str>[rfbRFB]{0,2}(?:'''[\s\S]*?'''|"""[\s\S]*?"""|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"))
        |(?<num>\b\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?\b)
        |(?<kw>\b(?:and|as|assert|break|class|continue|def|del|elif|else|except|False|finally|for|from|if|import|in|is|lambda|None|not|or|pass|raise|return|True|try|while|with|yield)\b)
        """", RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex PythonTokens();
}
