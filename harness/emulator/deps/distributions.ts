/**
 * Which distribution provides each module emulators import, pinned. The pins were checked together: they
 * resolve as one set and install on CPython 3.11 (botocore caps python-dateutil below 3, hence 2.9.0.post0).
 * The base set's pins are those of fixtures/emulator/requirements.txt (a spec keeps the two equal).
 */
interface Distribution {
  spec: string;
  /** Modules the import needs without naming them, e.g. the driver behind a `mysql+pymysql://` URL. */
  implies?: readonly string[];
}

export const DISTRIBUTIONS: Readonly<Record<string, Distribution>> = {
  requests: { spec: "requests==2.34.2" },
  sqlalchemy: { spec: "SQLAlchemy==2.1.9", implies: ["pymysql"] },
  pymysql: { spec: "PyMySQL[rsa]==1.2.4" },
  yaml: { spec: "PyYAML==6.0.3" },
  dotenv: { spec: "python-dotenv==1.2.4" },
  decouple: { spec: "python-decouple==3.8" },
  // boto3 and botocore are released in lockstep; pinning both keeps botocore from drifting within boto3's range.
  boto3: { spec: "boto3==1.44.18", implies: ["botocore"] },
  botocore: { spec: "botocore==1.44.18" },
  s3transfer: { spec: "s3transfer==0.19.3" },
  jmespath: { spec: "jmespath==1.1.0" },
  mysql: { spec: "mysql-connector-python==26.10.0" },
  pandas: { spec: "pandas==3.1.1" },
  numpy: { spec: "numpy==2.4.6" },
  dateutil: { spec: "python-dateutil==2.9.0.post0" },
  kafka: { spec: "kafka-python==3.0.12" },
  urllib3: { spec: "urllib3==2.8.0" },
  certifi: { spec: "certifi==2026.10.19.post1" },
  idna: { spec: "idna==3.21" },
  charset_normalizer: { spec: "charset-normalizer==3.5.3" },
  cryptography: { spec: "cryptography==51.0.1" },
  six: { spec: "six==1.17.0" },
  typing_extensions: { spec: "typing_extensions==4.16.0" },
  faker: { spec: "Faker==40.63.0" },
  tqdm: { spec: "tqdm==4.70.1" },
};

/** What most course scripts import: always installed, so that they all share one cached virtualenv. */
export const BASE_IMPORTS: readonly string[] = ["requests", "sqlalchemy", "pymysql", "yaml", "dotenv", "decouple"];

export interface ResolvedImports {
  /** The imports plus the modules they imply, sorted. */
  modules: string[];
  /** Pinned specs for `modules`, sorted, each once. */
  distributions: string[];
  /** Imports with no entry in the table. */
  unknown: string[];
}

export function resolveImports(imports: readonly string[]): ResolvedImports {
  const modules = new Set<string>();
  const unknown = new Set<string>();
  const add = (name: string): void => {
    if (modules.has(name)) return;
    const entry = DISTRIBUTIONS[name];
    if (!entry) {
      unknown.add(name);
      return;
    }
    modules.add(name);
    for (const implied of entry.implies ?? []) add(implied);
  };
  for (const name of imports) add(name);
  return {
    modules: [...modules].sort(),
    distributions: sortedSpecs([...modules].map((name) => (DISTRIBUTIONS[name] as Distribution).spec)),
    unknown: [...unknown].sort(),
  };
}

/** The specs pip needs for these modules, known ones only. */
export function specsFor(modules: readonly string[]): string[] {
  return resolveImports(modules).distributions;
}

export const BASE_SPECS: readonly string[] = specsFor(BASE_IMPORTS);

/**
 * Modules the base set installs as dependencies of its own (requests brings urllib3 and certifi, PyMySQL[rsa]
 * brings cryptography, SQLAlchemy typing_extensions): a script importing them needs no virtualenv of its own.
 */
const BASE_DEPENDENCIES: readonly string[] = [
  "urllib3",
  "certifi",
  "idna",
  "charset_normalizer",
  "cryptography",
  "typing_extensions",
];
const BASE_DEPENDENCY_KEYS = new Set(specsFor(BASE_DEPENDENCIES).map(distributionKey));

/** The specs the base set does not already bring. */
export function beyondBase(specs: readonly string[]): string[] {
  return specs.filter((spec) => !BASE_DEPENDENCY_KEYS.has(distributionKey(spec)));
}

/** "PyMySQL[rsa]==1.2.4" → "pymysql": the name pip compares, for sorting and de-duplicating. */
function distributionKey(spec: string): string {
  return (/^[A-Za-z0-9._-]+/.exec(spec)?.[0] ?? spec).toLowerCase().replace(/[-_.]+/g, "-");
}

/** "PyMySQL[rsa]==1.2.4" → "PyMySQL[rsa]": the same distribution, any version. */
export function unpinned(spec: string): string {
  return spec.replace(/\s*(===?|~=|>=|<=|!=|<|>).*$/, "");
}

export function sortedSpecs(specs: Iterable<string>): string[] {
  const byKey = new Map<string, string>();
  for (const spec of specs) byKey.set(distributionKey(spec), spec);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, spec]) => spec);
}
