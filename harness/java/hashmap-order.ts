/**
 * Iteration order of a `java.util.HashMap<String, ?>` filled in a given order. Kafka's JsonConverter turns every
 * schemaless JSON object into a HashMap, so the S3 sink writes keys in this order, not in the order they arrived.
 *
 * The order is the table's bins in index order, each bin's nodes along their `next` links. A bin crowded past
 * eight nodes becomes a red-black tree, and a tree bin's links follow its tree: the root is moved to the front,
 * and a node added later goes right after the node it hangs under. So the tree is modelled in full, as JDK 8-21
 * build it (their HashMap code is the same in all that decides order).
 */

/** `String.hashCode` over UTF-16 code units, with int overflow. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** HashMap mixes the high half into the low half before masking, so short keys still spread. */
function spread(h: number): number {
  return h ^ (h >>> 16);
}

const INITIAL_CAPACITY = 16;
const LOAD_FACTOR = 0.75;
/** A bin whose list reaches this many nodes before an insert becomes a tree (or the table grows while small). */
const TREEIFY_THRESHOLD = 8;
/** A tree split by a resize into a part this small becomes a list again. */
const UNTREEIFY_THRESHOLD = 6;
const MIN_TREEIFY_CAPACITY = 64;

interface HashNode {
  readonly hash: number;
  readonly key: string;
  next: HashNode | null;
  /** Set while the node belongs to a tree bin. */
  tree: TreeLinks | null;
}

interface TreeLinks {
  parent: HashNode | null;
  left: HashNode | null;
  right: HashNode | null;
  prev: HashNode | null;
  red: boolean;
}

function links(node: HashNode): TreeLinks {
  return node.tree as TreeLinks;
}

/**
 * Tree order within one bin: by hash, then by `String.compareTo` (UTF-16 code units, then length), which JS
 * string comparison matches. Distinct keys never tie, so Java's tie-break is never reached.
 */
function direction(hash: number, key: string, node: HashNode): number {
  if (node.hash > hash) return -1;
  if (node.hash < hash) return 1;
  return key < node.key ? -1 : 1;
}

function rotateLeft(root: HashNode, p: HashNode): HashNode {
  const pl = links(p);
  const r = pl.right;
  if (r === null) return root;
  const rl = links(r);
  pl.right = rl.left;
  if (rl.left !== null) links(rl.left).parent = p;
  const pp = (rl.parent = pl.parent);
  if (pp === null) {
    root = r;
    rl.red = false;
  } else if (links(pp).left === p) links(pp).left = r;
  else links(pp).right = r;
  rl.left = p;
  pl.parent = r;
  return root;
}

function rotateRight(root: HashNode, p: HashNode): HashNode {
  const pl = links(p);
  const l = pl.left;
  if (l === null) return root;
  const ll = links(l);
  pl.left = ll.right;
  if (ll.right !== null) links(ll.right).parent = p;
  const pp = (ll.parent = pl.parent);
  if (pp === null) {
    root = l;
    ll.red = false;
  } else if (links(pp).right === p) links(pp).right = l;
  else links(pp).left = l;
  ll.right = p;
  pl.parent = l;
  return root;
}

/** Red-black fix-up after `x` was attached; returns the (possibly new) root. */
function balanceInsertion(root: HashNode, x: HashNode): HashNode {
  links(x).red = true;
  for (;;) {
    let xp = links(x).parent;
    if (xp === null) {
      links(x).red = false;
      return x;
    }
    let xpp = links(xp).parent;
    if (!links(xp).red || xpp === null) return root;
    const xppl = links(xpp).left;
    if (xp === xppl) {
      const xppr = links(xpp).right;
      if (xppr !== null && links(xppr).red) {
        links(xppr).red = false;
        links(xp).red = false;
        links(xpp).red = true;
        x = xpp;
        continue;
      }
      if (x === links(xp).right) {
        x = xp;
        root = rotateLeft(root, x);
        xp = links(x).parent;
        xpp = xp === null ? null : links(xp).parent;
      }
      if (xp !== null) {
        links(xp).red = false;
        if (xpp !== null) {
          links(xpp).red = true;
          root = rotateRight(root, xpp);
        }
      }
    } else {
      if (xppl !== null && links(xppl).red) {
        links(xppl).red = false;
        links(xp).red = false;
        links(xpp).red = true;
        x = xpp;
        continue;
      }
      if (x === links(xp).left) {
        x = xp;
        root = rotateRight(root, x);
        xp = links(x).parent;
        xpp = xp === null ? null : links(xp).parent;
      }
      if (xp !== null) {
        links(xp).red = false;
        if (xpp !== null) {
          links(xpp).red = true;
          root = rotateLeft(root, xpp);
        }
      }
    }
  }
}

class JavaHashMap {
  table: (HashNode | null)[] = [];
  size = 0;
  threshold = 0;

  put(key: string): void {
    if (this.table.length === 0) this.resize();
    const hash = spread(javaStringHash(key));
    const index = hash & (this.table.length - 1);
    const first = this.table[index] ?? null;
    if (first === null) {
      this.table[index] = { hash, key, next: null, tree: null };
    } else if (first.tree !== null) {
      if (!this.putTreeNode(index, first, hash, key)) return;
    } else {
      let p = first;
      for (let count = 0; ; count++) {
        if (p.hash === hash && p.key === key) return;
        if (p.next === null) {
          p.next = { hash, key, next: null, tree: null };
          if (count >= TREEIFY_THRESHOLD - 1) this.treeifyBin(index);
          break;
        }
        p = p.next;
      }
    }
    if (++this.size > this.threshold) this.resize();
  }

  /** Adds to a tree bin; false when the key is already there. */
  private putTreeNode(index: number, first: HashNode, hash: number, key: string): boolean {
    let root = first;
    while (links(root).parent !== null) root = links(root).parent as HashNode;
    for (let p: HashNode = root; ;) {
      if (p.hash === hash && p.key === key) return false;
      const dir = direction(hash, key, p);
      const child = dir <= 0 ? links(p).left : links(p).right;
      if (child !== null) {
        p = child;
        continue;
      }
      const after = p.next;
      const x: HashNode = {
        hash,
        key,
        next: after,
        tree: { parent: p, left: null, right: null, prev: p, red: false },
      };
      if (dir <= 0) links(p).left = x;
      else links(p).right = x;
      p.next = x;
      if (after !== null) links(after).prev = x;
      this.moveRootToFront(balanceInsertion(root, x));
      return true;
    }
  }

  private moveRootToFront(root: HashNode): void {
    const index = root.hash & (this.table.length - 1);
    const first = this.table[index] ?? null;
    if (root === first) return;
    const rl = links(root);
    const rn = root.next;
    const rp = rl.prev;
    this.table[index] = root;
    if (rn !== null) links(rn).prev = rp;
    if (rp !== null) rp.next = rn;
    if (first !== null) links(first).prev = root;
    root.next = first;
    rl.prev = null;
  }

  private treeifyBin(index: number): void {
    if (this.table.length < MIN_TREEIFY_CAPACITY) {
      this.resize();
      return;
    }
    let prev: HashNode | null = null;
    for (let e = this.table[index] ?? null; e !== null; e = e.next) {
      e.tree = { parent: null, left: null, right: null, prev, red: false };
      prev = e;
    }
    const head = this.table[index];
    if (head) this.treeify(head);
  }

  /** Builds a tree from the list starting at `head`, in list order, then puts its root first. */
  private treeify(head: HashNode): void {
    let root: HashNode | null = null;
    for (let x: HashNode | null = head; x !== null; x = x.next) {
      const xl = links(x);
      xl.left = xl.right = null;
      if (root === null) {
        xl.parent = null;
        xl.red = false;
        root = x;
        continue;
      }
      for (let p: HashNode = root; ;) {
        const dir = direction(x.hash, x.key, p);
        const child = dir <= 0 ? links(p).left : links(p).right;
        if (child !== null) {
          p = child;
          continue;
        }
        xl.parent = p;
        if (dir <= 0) links(p).left = x;
        else links(p).right = x;
        root = balanceInsertion(root, x);
        break;
      }
    }
    if (root !== null) this.moveRootToFront(root);
  }

  private resize(): void {
    const old = this.table;
    const oldCap = old.length;
    const newCap = oldCap === 0 ? INITIAL_CAPACITY : oldCap * 2;
    this.threshold = newCap * LOAD_FACTOR;
    this.table = new Array<HashNode | null>(newCap).fill(null);
    for (let j = 0; j < oldCap; j++) {
      const e = old[j] ?? null;
      if (e === null) continue;
      if (e.next === null && e.tree === null) this.table[e.hash & (newCap - 1)] = e;
      else this.split(e, j, oldCap);
    }
  }

  /** Splits bin `index` of the old table into `index` and `index + bit`, each keeping its nodes' order. */
  private split(head: HashNode, index: number, bit: number): void {
    const lo: HashNode[] = [];
    const hi: HashNode[] = [];
    for (let e: HashNode | null = head; e !== null; e = e.next) ((e.hash & bit) === 0 ? lo : hi).push(e);
    const isTree = head.tree !== null;
    const place = (nodes: HashNode[], at: number, otherEmpty: boolean): void => {
      if (nodes.length === 0) return;
      nodes.forEach((n, i) => {
        n.next = nodes[i + 1] ?? null;
        if (n.tree !== null) n.tree.prev = nodes[i - 1] ?? null;
      });
      this.table[at] = nodes[0] as HashNode;
      if (!isTree) return;
      if (nodes.length <= UNTREEIFY_THRESHOLD) {
        for (const n of nodes) n.tree = null;
      } else if (!otherEmpty) {
        // A part that lost nodes is a new tree; one that kept them all is the old tree, root already first.
        this.treeify(nodes[0] as HashNode);
      }
    };
    place(lo, index, hi.length === 0);
    place(hi, index + bit, lo.length === 0);
  }

  keys(): string[] {
    const out: string[] = [];
    for (const first of this.table) for (let e = first; e; e = e.next) out.push(e.key);
    return out;
  }
}

export interface HashMapLayout {
  /** Keys in iteration order. */
  keys: string[];
  capacity: number;
  /** True when a bin became a red-black tree. */
  treeified: boolean;
}

/** Lays out distinct keys, put in the given order, as `new HashMap<>()` holds them. */
export function hashMapLayout(distinctKeys: readonly string[]): HashMapLayout {
  const map = new JavaHashMap();
  for (const key of distinctKeys) map.put(key);
  return {
    keys: map.keys(),
    capacity: map.table.length || INITIAL_CAPACITY,
    treeified: map.table.some((n) => n !== null && n.tree !== null),
  };
}

/**
 * Iteration orders worked out lately, by the keys in the order they were put. The order depends on nothing else,
 * and the records of a topic mostly share their keys, so a sink converting them works each order out once instead
 * of once a record (measured: a fifth of the conversion's time went to laying out the same ten keys).
 */
const orders = new Map<string, readonly string[]>();
const ORDERS_KEPT = 256;

function iterationOrder(distinctKeys: readonly string[]): readonly string[] {
  if (distinctKeys.length < 2) return distinctKeys;
  // Each key with its length before it, so that no two key lists give the same text.
  let id = "";
  for (const key of distinctKeys) id += `${key.length}:${key}`;
  let order = orders.get(id);
  if (order === undefined) {
    order = hashMapLayout(distinctKeys).keys;
    // The oldest goes first: a Map iterates in insertion order.
    if (orders.size >= ORDERS_KEPT) orders.delete(orders.keys().next().value as string);
    orders.set(id, order);
  }
  return order;
}

/** Entries in HashMap iteration order; a repeated key keeps its first position and its last value. */
export function hashMapEntries<V>(entries: Iterable<readonly [string, V]>): [string, V][] {
  const values = new Map<string, V>();
  for (const [k, v] of entries) values.set(k, v);
  return iterationOrder([...values.keys()]).map((k) => [k, values.get(k) as V]);
}
