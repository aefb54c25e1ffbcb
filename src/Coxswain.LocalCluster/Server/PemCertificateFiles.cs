using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Coxswain.LocalCluster.Server;

/// <summary>
/// A certificate and its private key stored side by side as PEM files (<c>name.crt</c> / <c>name.key</c>),
/// the layout kubeadm uses under /etc/kubernetes/pki and that openssl and kubectl read directly.
/// </summary>
internal sealed record PemCertificateFiles(string CertificatePath, string PrivateKeyPath)
{
    public static PemCertificateFiles In(string directory, string name) =>
        new(Path.Combine(directory, name + ".crt"), Path.Combine(directory, name + ".key"));

    /// <summary>
    /// The stored certificate with its key, or null when either file is missing, unreadable, not PEM,
    /// or the key does not belong to the certificate: all cases in which the pair must be generated again.
    /// </summary>
    public X509Certificate2? TryLoad()
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(CertificatePath, PrivateKeyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Stores the certificate (0644) and its private key (0600). A crash between the two writes leaves a
    /// certificate and key that do not match, which <see cref="TryLoad"/> rejects, so the pair is regenerated.
    /// </summary>
    public void Save(X509Certificate2 certificate)
    {
        StateFiles.WriteAtomically(PrivateKeyPath, ExportPrivateKeyPem(certificate), secret: true);
        StateFiles.WriteAtomically(CertificatePath, certificate.ExportCertificatePem(), secret: false);
    }

    static string ExportPrivateKeyPem(X509Certificate2 certificate)
    {
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey()
            ?? certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException($"certificate {certificate.Subject} has no ECDSA or RSA private key", nameof(certificate));
        return key.ExportPkcs8PrivateKeyPem();
    }
}
