package io.depthstream.core.inference;

/** Small dense linear algebra for fits, in plain doubles. */
final class LinearSystems {

  private LinearSystems() {}

  /**
   * Solves {@code m x = b} for a symmetric positive definite {@code m} by Cholesky factorisation
   * ({@code m = L Lᵀ}, then two triangular solves). {@code m} and {@code b} are left unchanged.
   *
   * @throws IllegalArgumentException when {@code m} is not square of {@code b}'s size or not
   *     positive definite
   */
  static double[] solveSymmetricPositive(double[][] m, double[] b) {
    int n = b.length;
    if (m.length != n) {
      throw new IllegalArgumentException("a " + m.length + "-row matrix for " + n + " unknowns");
    }
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      if (m[i].length != n) {
        throw new IllegalArgumentException(
            "row " + i + " has " + m[i].length + " columns, not " + n);
      }
      for (int j = 0; j <= i; j++) {
        double sum = m[i][j];
        for (int k = 0; k < j; k++) {
          sum -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(sum > 0)) {
            throw new IllegalArgumentException(
                "the matrix is not positive definite (pivot " + i + ")");
          }
          l[i][i] = Math.sqrt(sum);
        } else {
          l[i][j] = sum / l[j][j];
        }
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = b[i];
      for (int k = 0; k < i; k++) {
        sum -= l[i][k] * y[k];
      }
      y[i] = sum / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double sum = y[i];
      for (int k = i + 1; k < n; k++) {
        sum -= l[k][i] * x[k];
      }
      x[i] = sum / l[i][i];
    }
    return x;
  }
}
