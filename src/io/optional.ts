/**
 * Heavy libraries (Arrow, Parquet, Redis clients) are optional peer dependencies: loaded on first
 * use, and when one is missing the error names the package and the command that installs it.
 */

/** Imports `name`, or throws an Error saying which feature needs it and how to install it. */
export async function optionalImport<T>(name: string, feature: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((error as Error).message).includes(name)) {
      throw new Error(`${feature} needs the optional package '${name}', which is not installed: run \`npm install ${name}\``, { cause: error });
    }
    throw error;
  }
}
