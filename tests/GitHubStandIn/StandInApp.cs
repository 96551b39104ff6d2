using System.Security.Cryptography;

namespace GitHubBackup.StandIn;

/// <summary>A GitHub App registered with the stand-in: its id, its key pair, and where it is installed.</summary>
public sealed class StandInApp : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly Dictionary<long, string> _installations = [];

    internal StandInApp(long appId) => AppId = appId;

    public long AppId { get; }

    /// <summary>The private key as GitHub hands it out (PKCS#1 PEM).</summary>
    public string PrivateKeyPem => _key.ExportRSAPrivateKeyPem();

    /// <summary>The installation on the stand-in's default org.</summary>
    public long InstallationId { get; internal set; }

    internal RSA PublicKey => _key;

    internal IReadOnlyDictionary<long, string> Installations => _installations;

    internal long Install(string org, long id)
    {
        _installations[id] = org;
        return id;
    }

    public void Dispose() => _key.Dispose();
}
