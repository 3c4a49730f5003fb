/** A pin row as the benches send it: the course's pin columns, with `index` told apart per record. */
export function pinRecordJson(index: number): string {
  return JSON.stringify({
    index,
    unique_id: "fbe53c66-3442-4773-b19e-d3ec6f54dddf",
    title: "A title",
    description: "Some description text",
    poster_name: "Poster",
    follower_count: "124k",
    tag_list: "a,b,c",
    is_image_or_video: "image",
    image_src: "https://i.pinimg.com/originals/aa/bb/cc/x.jpg",
    downloaded: 1,
    save_location: "Local save in /data/art",
    category: "art",
  });
}
