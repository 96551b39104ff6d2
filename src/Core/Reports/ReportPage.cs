using System.Text;
using System.Text.Json;

namespace GitHubBackup.Core.Reports;

/// <summary>
/// The report as one self-contained HTML page: the figures embedded as JSON, drawn by the page's own script as inline
/// SVG charts with a table beside each. No network: a Content-Security-Policy allows nothing but the page itself.
/// </summary>
public static class ReportPage
{
    private const string Placeholder = "__REPORT_DATA__";

    public static string Render(DestinationReport report)
    {
        using var template = typeof(ReportPage).Assembly.GetManifestResourceStream("GitHubBackup.Core.Reports.ReportPage.html")
            ?? throw new InvalidOperationException("The report template is not embedded in the Core assembly.");
        using var reader = new StreamReader(template, Encoding.UTF8);

        // System.Text.Json escapes '<', '>' and '&', so no value can close the script element that holds the data.
        return reader.ReadToEnd().Replace(Placeholder, JsonSerializer.Serialize(report, ReportJson.Default.DestinationReport), StringComparison.Ordinal);
    }
}
